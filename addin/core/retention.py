"""How long buyer data may be kept: at most N days after the order was finished (PRODUCT §5)."""

from __future__ import annotations

from datetime import date, timedelta

from addin.core.calendar import auto_cancel_date
from addin.core.model import Order

MAX_DAYS = 3650


def finished_on(o: Order) -> date | None:
    """The latest of 発送日 / 出荷通知日 / キャンセル日; with none of them, the auto-cancel day
    (Amazon cancels orders never confirmed 30 days after purchase), so an order the seller never
    closed in the sheet does not keep its buyer data forever."""
    done = [d for d in (o.shipped_on, o.confirmed_on, o.cancelled_on) if d is not None]
    if done:
        return max(done)
    return auto_cancel_date(o.purchased_at) if o.purchased_at is not None else None


def cutoff(today: date, days: int) -> date:
    """Orders finished on this day or earlier were finished *more than* `days` days ago."""
    return today - timedelta(days=days + 1)


def pii_expired(o: Order, last_day: date) -> bool:
    done = finished_on(o)
    return done is not None and done <= last_day
