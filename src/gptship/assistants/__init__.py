"""Grounded assistants: instructions, the collections they may read, and an answer policy
(cite the sources, hand off when they do not answer), served as model ids."""
