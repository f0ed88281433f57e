"""The builder: the only process that runs learner Python (see ``serve``)."""
