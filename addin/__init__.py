"""自己発送トリアージ: an Excel add-in for Amazon.co.jp merchant-fulfilled orders."""

__version__ = "0.2.0"
