"""gptship: put a custom-trained GPT into production."""

__version__ = "0.1.0"
