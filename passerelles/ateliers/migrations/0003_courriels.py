"""The outbox becomes the courriels app's. Every message is copied with its id, since the
unsubscribe links already sent sign it; its atelier becomes what it is about. The failing
addresses follow, then the old tables go. Background jobs recorded under the modules the
ateliers' code had before it moved into rooms are renamed to where that code now lives."""

from django.core.management.color import no_style
from django.db import migrations

MOVED_MODULES = {
    "passerelles.ateliers.envoi": "passerelles.courriels.expedition",
    "passerelles.ateliers.invitations": "passerelles.ateliers.invitations.services",
    "passerelles.ateliers.rappels": "passerelles.ateliers.invitations.rappels",
    "passerelles.ateliers.enquete": "passerelles.ateliers.suivi.enquete",
    "passerelles.ateliers.suivi": "passerelles.ateliers.suivi.relances",
}
MESSAGE_FIELDS = [
    "id", "reseau_id", "nature", "cle", "destinataire", "contact_id", "sujet", "corps", "pieces_jointes",
    "message_id", "etat", "tentatives", "prochain_essai", "reclame_le", "reclame_par", "envoye_le",
    "erreur", "cree_le",
]
BATCH = 1000


def _atelier_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="ateliers", model="atelier")[0]


def _copy(rows, model, make, schema_editor):
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        batch.append(make(row))
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)
    # Rows were written with their ids: PostgreSQL's sequence must start after them.
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def outbox_to_courriels(apps, schema_editor):
    Old, New = apps.get_model("ateliers", "Message"), apps.get_model("courriels", "Message")
    OldFailing, NewFailing = apps.get_model("ateliers", "AdresseEnEchec"), apps.get_model("courriels", "AdresseEnEchec")
    if Old.objects.exists():
        atelier_type = _atelier_type(apps)

        def make(old):
            fields = {name: getattr(old, name) for name in MESSAGE_FIELDS}
            about = {"objet_type_id": atelier_type.pk, "objet_id": old.atelier_id} if old.atelier_id else {}
            return New(**fields, **about)

        _copy(Old.objects.order_by("id"), New, make, schema_editor)
    _copy_failing(OldFailing, NewFailing, schema_editor)


def outbox_back_to_ateliers(apps, schema_editor):
    Old, New = apps.get_model("ateliers", "Message"), apps.get_model("courriels", "Message")
    OldFailing, NewFailing = apps.get_model("ateliers", "AdresseEnEchec"), apps.get_model("courriels", "AdresseEnEchec")
    if New.objects.exists():
        atelier_type = _atelier_type(apps)

        def make(new):
            fields = {name: getattr(new, name) for name in MESSAGE_FIELDS}
            atelier = new.objet_id if new.objet_type_id == atelier_type.pk else None
            return Old(**fields, atelier_id=atelier)

        _copy(New.objects.order_by("id"), Old, make, schema_editor)
    _copy_failing(NewFailing, OldFailing, schema_editor)


def _copy_failing(source, target, schema_editor):
    if source.objects.exists():
        fields = ["id", "reseau_id", "email", "erreur", "depuis"]
        _copy(source.objects.order_by("id"), target,
              lambda row: target(**{name: getattr(row, name) for name in fields}), schema_editor)


def _rename_paths(apps, moves):
    Travail = apps.get_model("core", "Travail")
    for travail in Travail.objects.filter(nature__startswith="passerelles.ateliers."):
        module, _, name = travail.nature.rpartition(".")
        if module in moves:
            Travail.objects.filter(pk=travail.pk).update(nature=f"{moves[module]}.{name}")
    try:
        TaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    except LookupError:
        return
    for result in TaskResult.objects.filter(task_path__startswith="passerelles.ateliers."):
        module, _, name = result.task_path.rpartition(".")
        if module in moves:
            TaskResult.objects.filter(pk=result.pk).update(task_path=f"{moves[module]}.{name}")


def jobs_to_rooms(apps, schema_editor):
    _rename_paths(apps, MOVED_MODULES)


def jobs_back(apps, schema_editor):
    _rename_paths(apps, {new: old for old, new in MOVED_MODULES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("ateliers", "0002_enquete"),
        ("courriels", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_travaux"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(outbox_to_courriels, outbox_back_to_ateliers),
        migrations.RunPython(jobs_to_rooms, jobs_back),
        migrations.DeleteModel(name="AdresseEnEchec"),
        migrations.DeleteModel(name="Message"),
    ]
