"""The one error type users see: a message that says what failed, where, and how to fix it."""


class GptshipError(Exception):
    """A failure caused by input the user can fix (a file, a flag, a request field).

    The CLI prints the message on one line and exits with code 2; the server maps it to an
    OpenAI-shaped 4xx. Anything else that escapes is a bug in gptship.
    """
