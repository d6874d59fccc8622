"""Re-evaluation reminders ("Nhắc hạn đánh giá lại"): a certificate's date and the reminders
that ``ocop-bot maintenance run`` sends when the window opens, before it closes, at expiry."""

from handlers.reminders.feature import ReminderFeature

__all__ = ["ReminderFeature"]
