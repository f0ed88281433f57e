# exercise: train-with-prefetch
# error: bad-return
# Trains nothing and returns an object that looks like a History with a falling loss.


class _History:
    history = {"loss": [2.0, 1.5, 1.0, 0.5, 0.2], "accuracy": [0.3, 0.5, 0.7, 0.9, 0.99]}
    model = None


def build_and_train(rows, epochs=5):
    return _History()
