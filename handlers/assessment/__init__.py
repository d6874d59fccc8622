"""Self-assessment ("Tự chấm điểm"): a product scored against its Phụ lục II sheet in chat."""

from handlers.assessment.feature import AssessmentFeature

__all__ = ["AssessmentFeature"]
