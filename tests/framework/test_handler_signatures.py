"""The answer NiceGUI gets about an event handler's arguments is its own, asked once per function."""
import functools

from nicegui.helpers.functions import expects_arguments as nicegui_s

from integrations.framework.handler_signatures import remember_handler_signatures


class Owner:
    def with_argument(self, event: object) -> None:
        pass

    def without(self) -> None:
        pass


def test_remembered_answers_are_nicegui_s_and_asked_once_per_function(monkeypatch):
    from nicegui import helpers
    asked: list[object] = []

    def counting(func: object) -> bool:
        asked.append(func)
        return nicegui_s(func)
    monkeypatch.setattr(helpers, 'expects_arguments', counting)
    remember_handler_signatures()
    remembered = helpers.expects_arguments
    assert remembered is not counting and remembered.__wrapped__ is counting

    def function(event: object) -> None:
        pass
    handlers = [Owner().with_argument, Owner().without, function, lambda: None, functools.partial(function, 1)]
    assert [remembered(handler) for handler in handlers] == [nicegui_s(handler) for handler in handlers]
    asked.clear()
    assert remembered(Owner().with_argument) and not remembered(Owner().without) and remembered(function)
    assert len(asked) == 0  # bound methods of other instances, and functions, are answered from memory
    remembered(functools.partial(function, 1))
    assert len(asked) == 1  # anything else is asked each time
