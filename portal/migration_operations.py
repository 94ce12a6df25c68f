"""Migration operations that keep the portal writable while they run.

A plain ``CREATE INDEX`` on PostgreSQL takes a lock that blocks every insert
and update on the table until the index is built: on the orders, customers
and installations tables that is resellers unable to order for as long as the
build lasts. ``CREATE INDEX CONCURRENTLY`` builds the index while writes go on
(it reads the table twice and waits for the transactions open at its start).

PostgreSQL refuses it inside a transaction, so a migration that uses it sets
``atomic = False``. If such a build fails (a duplicate in a unique index, a
cancelled statement), PostgreSQL leaves an INVALID index behind: drop it
(``DROP INDEX CONCURRENTLY name``) and run ``migrate`` again.
"""

from collections.abc import Callable

from django.db import NotSupportedError
from django.db.migrations.operations import (
    AddIndex,
    RemoveIndex,
    RunPython,
    SeparateDatabaseAndState,
)


def ensure_not_in_transaction(schema_editor, operation_name: str) -> None:
    """Fail with the fix in the message, not with PostgreSQL's bare refusal."""
    if schema_editor.connection.in_atomic_block:
        raise NotSupportedError(
            f"{operation_name} cannot run inside a transaction "
            "(set atomic = False on the migration)."
        )


def _concurrently(operation, schema_editor, state, app_label, index, *, build: bool):
    """Build (or drop) ``index`` on the operation's model as it stands in
    ``state``, CONCURRENTLY: PostgreSQL only, outside a transaction."""
    ensure_not_in_transaction(schema_editor, type(operation).__name__)
    model = state.apps.get_model(app_label, operation.model_name)
    if operation.allow_migrate_model(schema_editor.connection.alias, model):
        change = schema_editor.add_index if build else schema_editor.remove_index
        change(model, index, concurrently=True)


def _on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class AddIndexConcurrently(AddIndex):
    """``AddIndex`` that builds the index without blocking writes on PostgreSQL.

    Like ``django.contrib.postgres.operations.AddIndexConcurrently``, but plain
    ``CREATE INDEX`` on the other databases (SQLite in development and tests),
    so one migration serves both. The migration state is the same as
    ``AddIndex``'s: swapping one for the other changes no model.
    """

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (concurrently)"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _on_postgresql(schema_editor):
            return super().database_forwards(
                app_label, schema_editor, from_state, to_state
            )
        _concurrently(self, schema_editor, to_state, app_label, self.index, build=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _on_postgresql(schema_editor):
            return super().database_backwards(
                app_label, schema_editor, from_state, to_state
            )
        _concurrently(
            self, schema_editor, from_state, app_label, self.index, build=False
        )


class RemoveIndexConcurrently(RemoveIndex):
    """``RemoveIndex`` that drops the index without blocking writes on
    PostgreSQL (``DROP INDEX CONCURRENTLY``), and rebuilds it concurrently
    when the migration is reversed; plain ``DROP INDEX`` elsewhere."""

    def describe(self):
        return f"Remove index {self.name} from {self.model_name} (concurrently)"

    def _index(self, app_label, state):
        return state.models[app_label, self.model_name_lower].get_index_by_name(
            self.name
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _on_postgresql(schema_editor):
            return super().database_forwards(
                app_label, schema_editor, from_state, to_state
            )
        index = self._index(app_label, from_state)
        _concurrently(self, schema_editor, from_state, app_label, index, build=False)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _on_postgresql(schema_editor):
            return super().database_backwards(
                app_label, schema_editor, from_state, to_state
            )
        index = self._index(app_label, to_state)
        _concurrently(self, schema_editor, to_state, app_label, index, build=True)


# A queued or failed task names its function by dotted path
# (``DBTaskResult.task_path``). When the function moves to another module, the
# rows already stored must follow it, or the worker fails them as code that no
# longer exists and a retry from the admin fails again.
TaskMove = Callable[[dict], tuple[str, dict]]


def queued_tasks_move(
    moves: dict[str, TaskMove], backs: dict[str, TaskMove]
) -> RunPython:
    """A migration step that rewrites the stored tasks of each moved function.

    ``moves`` maps an old task path to a function that takes the stored keyword
    arguments and answers the new path and keyword arguments; ``backs`` undoes
    it on a backwards migration.
    """

    def rewrite(functions: dict[str, TaskMove]):
        def run(apps, schema_editor):
            alias = schema_editor.connection.alias
            results = apps.get_model("django_tasks_database", "DBTaskResult").objects
            changed = []
            for result in results.using(alias).filter(task_path__in=functions):
                args_kwargs = result.args_kwargs or {}
                kwargs = dict(args_kwargs.get("kwargs") or {})
                result.task_path, kwargs = functions[result.task_path](kwargs)
                result.args_kwargs = {**args_kwargs, "kwargs": kwargs}
                changed.append(result)
            results.using(alias).bulk_update(
                changed, ["task_path", "args_kwargs"], batch_size=500
            )

        return run

    return RunPython(rewrite(moves), rewrite(backs))


def content_types_move(old_label: str, new_label: str, models: list[str]) -> RunPython:
    """A migration step that gives moved models' content types their new app label.

    Permissions, Wagtail log entries, revisions and search entries point at the
    content type row, so renaming the row in place keeps every one of them. A
    database migrated from scratch has no row yet: nothing to do then.
    """

    def rename(source: str, target: str):
        def run(apps, schema_editor):
            alias = schema_editor.connection.alias
            types = apps.get_model("contenttypes", "ContentType").objects.using(alias)
            taken = set(
                types.filter(app_label=target, model__in=models).values_list(
                    "model", flat=True
                )
            )
            types.filter(app_label=source, model__in=models).exclude(
                model__in=taken
            ).update(app_label=target)

        return run

    return RunPython(rename(old_label, new_label), rename(new_label, old_label))


def state_only(*operations) -> SeparateDatabaseAndState:
    """Model operations that change Django's idea of the models, not the tables.

    Used when a model moves to another app with ``db_table`` kept: the table,
    its rows, indexes and constraints stay exactly as they are.
    """
    return SeparateDatabaseAndState(state_operations=list(operations))
