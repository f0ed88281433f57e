"""Running a submission: the parent side (``runner``) and the child side (``child``)."""
