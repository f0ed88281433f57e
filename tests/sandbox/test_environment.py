"""The environment a grading's processes start with."""

from grader.sandbox import runner


def test_cuda_is_hidden_unless_a_gpu_could_be_there():
    auto = runner._environment("auto", "/tmp/w", "m")
    assert runner._environment("cpu", "/tmp/w", "m")["CUDA_VISIBLE_DEVICES"] == "-1"
    assert "CUDA_VISIBLE_DEVICES" not in runner._environment("gpu", "/tmp/w", "m")
    if runner.gpu_possible():
        assert "CUDA_VISIBLE_DEVICES" not in auto
    else:  # this machine: no /dev/nvidia0 and no /dev/dxg, so TensorFlow could not see a GPU anyway
        assert auto["CUDA_VISIBLE_DEVICES"] == "-1"
