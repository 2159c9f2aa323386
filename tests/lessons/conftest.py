import pytest


@pytest.fixture(scope="session")
def xor_run():
    from nnwatch.lessons.xor_synapses import XorSynapses

    return XorSynapses().train()


@pytest.fixture(scope="session")
def xor_video(xor_run):
    from nnwatch.lessons.xor_synapses import XorSynapses

    return XorSynapses().video(xor_run)


@pytest.fixture(scope="session")
def shapes_video():
    from nnwatch.lessons.shapes_dropout import ShapesDropout

    return ShapesDropout().build()
