"""What the domain announces, for the apps above it to act on (DESIGN.md: "Layers, one way").

The domain (``sessions``, ``motions``) imports none of its listeners: search, alerts and OParl
subscribe to these signals (and to Django's model signals) in their ``AppConfig.ready``. Django
signals are synchronous, so a receiver runs inside the sender's transaction: what must change
together with the write (the search index's access flag) does, and what must wait for the commit
is queued by the receiver with ``transaction.on_commit``.

Model saves and deletes need no signal of ours: ``post_save``/``post_delete`` reach every
listener already. These cover what ``post_save`` cannot see.
"""

from django.dispatch import Signal

# Sent by writes that may change who sees a record but go through ``update()`` (soft delete,
# moving an agenda item into the non-public part, attaching a file to another paper), so no
# ``post_save`` tells anyone. Arguments: ``sender`` (the model class), ``instance``.
# Receiver: ``search.signals`` (the index's access flag, in the same transaction; re-index after commit).
record_access_changed = Signal()

# Sent by ``motions.tasks.extract_file_text`` when a file's text extraction has ended (with pages,
# or as a recorded failure); the pages are written with bulk updates that send no model signals.
# Arguments: ``sender`` (File), ``file_id``. Receiver: ``search.signals`` (re-index the file).
file_text_extracted = Signal()
