from grader.evaluate.main import main

main()
