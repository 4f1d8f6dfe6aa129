"""The Freigabe (review) workflow for papers: a reviewer group approves or rejects with a comment.

Created here rather than by the demo loader so that every installation has it from the start;
administrators can add tasks or groups in Einstellungen → Workflows afterwards.
"""

from django.db import migrations

WORKFLOW_NAME = "Freigabe"
TASK_NAME = "Freigabe durch die Prüfgruppe"
GROUP_NAME = "Freigabe"


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _permission(apps, content_type, codename, name):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    paper_type = _content_type(apps, "motions", "paper")
    admin_type = _content_type(apps, "wagtailadmin", "admin")
    group.permissions.add(
        _permission(apps, admin_type, "access_admin", "Can access Wagtail admin"),
        _permission(apps, paper_type, "view_paper", "Can view Vorlage"),
        _permission(apps, paper_type, "change_paper", "Can change Vorlage"),
        _permission(apps, paper_type, "publish_paper", "Can publish Vorlage"),
    )

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, active=True, content_type=_content_type(apps, "wagtailcore", "groupapprovaltask")
        )
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.get_or_create(content_type=paper_type, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("motions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
