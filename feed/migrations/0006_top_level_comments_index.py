# A post's top-level comments read in order from a partial index (see PostComment.Meta); the new one first.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feed', '0005_search_prefix_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='postcomment',
            index=models.Index(condition=models.Q(('parent__isnull', True)), fields=['post', 'created_at', 'id'], name='comment_top_idx'),
        ),
        migrations.RemoveIndex(
            model_name='postcomment',
            name='comment_thread_idx',
        ),
    ]
