from django.db import migrations, models
from django.db.models import Q

# Motifs the software wrote when it moved a stage by itself, before moves said so.
SOFTWARE_MOTIFS = (
    "a participé à l'atelier",
    "a demandé un rendez-vous après l'atelier",
    "premier échange : ",
)


def mark_software_moves(apps, schema_editor):
    """Earlier moves made by the software become « automatique »; the others stay « non
    précisée »: nobody said what they rested on, so none is counted as observed progress."""
    ChangementEtape = apps.get_model("mobilisation", "ChangementEtape")
    by_motif = Q()
    for motif in SOFTWARE_MOTIFS:
        by_motif |= Q(motif__startswith=motif)
    from_a_fact = Q(ancienne="inconnue", nouvelle="deja_engagee")
    ChangementEtape.objects.filter(by_motif | from_a_fact).update(preuve="automatique")


class Migration(migrations.Migration):
    dependencies = [
        ("mobilisation", "0003_pays_code_existants"),
    ]

    operations = [
        migrations.AddField(
            model_name="changementetape",
            name="preuve",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Non précisée"),
                    ("automatique", "Automatique (déclaratif)"),
                    ("declaration", "Déclaration, sans pièce"),
                    ("echange", "Échange avec la collectivité"),
                    ("deliberation", "Délibération ou décision"),
                    ("dossier", "Dossier déposé"),
                    ("fait", "Fait d'engagement enregistré"),
                ],
                default="",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="faitengagement",
            name="type",
            field=models.CharField(
                choices=[
                    ("cooperation", "Projet de coopération décentralisée"),
                    ("jumelage", "Jumelage"),
                    ("pat", "Projet alimentaire territorial (PAT)"),
                    ("gal", "Groupe d'action locale LEADER (GAL)"),
                    ("autre", "Autre action internationale"),
                    ("declaration_apd", "Déclaration d'aide publique au développement (e-APD)"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(mark_software_moves, migrations.RunPython.noop),
    ]
