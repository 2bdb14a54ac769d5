"""The schema browser: a Tree of objects and their fields, and a pane describing the highlighted entry."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Tree

from crmtui.app.render import field_detail, sensitivity_style
from crmtui.app.widgets.pane import RichPane
from crmtui.org.schema import OrgSchema


@dataclass(frozen=True)
class SchemaEntry:
    object: str
    field: str | None = None


class SchemaTree(Tree[SchemaEntry]):
    DEFAULT_CSS = """
    SchemaTree { height: 1fr; background: $surface; scrollbar-size: 1 1; }
    """


class SchemaBrowser(Vertical):
    """Objects → fields (type, sensitivity); the pane below shows the description, references and values."""

    DEFAULT_CSS = """
    SchemaBrowser { width: 34; border-right: vkey $panel; }
    SchemaBrowser > #schema-detail { height: 9; border-top: hkey $panel; padding: 0 1; }
    """

    class Insert(Message):
        """Insert a name (a field or an object) into the editor."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.schema: OrgSchema | None = None

    def compose(self) -> ComposeResult:
        tree = SchemaTree("schema", id="schema-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield RichPane(Text("The org is opening…", style="dim"), id="schema-detail")

    def load(self, schema: OrgSchema) -> None:
        self.schema = schema
        tree = self.query_one(SchemaTree)
        tree.clear()
        tree.root.data = None
        for obj in schema.objects.values():
            node = tree.root.add(Text.assemble((obj.name, "bold"), (f" {len(obj.fields)}", "dim")),
                                 data=SchemaEntry(obj.name), expand=False)
            for f in obj.fields.values():
                label = Text.assemble((f.name, sensitivity_style(f.sensitivity)), " ", (f.type, "dim italic"))
                if f.reference_to:
                    label.append(f" → {'/'.join(f.reference_to)}", style="dim")
                node.add_leaf(label, data=SchemaEntry(obj.name, f.name))
        self.query_one("#schema-detail", RichPane).update(
            Text(f"{schema.kind} org · {len(schema.objects)} objects. Enter expands an object or inserts a field "
                 "into the query.", style="dim"))

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        entry = event.node.data
        if self.schema is None or not isinstance(entry, SchemaEntry):
            return
        obj = self.schema.objects[entry.object]
        f = obj.fields.get(entry.field) if entry.field else None
        self.query_one("#schema-detail", RichPane).update(field_detail(self.schema, obj, f))

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        entry = event.node.data
        if isinstance(entry, SchemaEntry) and entry.field:
            event.stop()
            self.post_message(self.Insert(entry.field))

    def select_field(self, object_name: str, field_name: str | None = None) -> None:
        """Expand an object and move the cursor to it (or to one of its fields)."""
        tree = self.query_one(SchemaTree)
        for node in tree.root.children:
            if isinstance(node.data, SchemaEntry) and node.data.object == object_name:
                node.expand()
                target = node
                if field_name:
                    for child in node.children:
                        if isinstance(child.data, SchemaEntry) and child.data.field == field_name:
                            target = child
                # the expanded node's lines exist after the next refresh
                self.call_after_refresh(tree.move_cursor, target)
                return
