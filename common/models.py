import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID keys so ids reveal neither counts nor order; times are timezone-aware (USE_TZ)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
