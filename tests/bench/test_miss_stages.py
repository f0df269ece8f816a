"""bench/miss_stages.py: a stage is called through operator.call (what callgrind counts) only
while counting, and gives its caller the same answer either way."""

import operator
import sys
import types

import pytest

from bench.miss_stages import _wrap


class Holder:
    def method(self, value: int) -> int:
        return value + 1


@pytest.fixture
def stage_module(monkeypatch):
    module = types.ModuleType("stage_module_for_test")
    module.double = lambda value, *, times=2: value * times  # type: ignore[attr-defined]
    module.Holder = Holder  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(Holder, "method", Holder.method)  # put back after the test
    return module


@pytest.fixture
def calls(monkeypatch):
    made: list[object] = []
    real = operator.call

    def spy(function, /, *args, **kwargs):
        made.append(function)
        return real(function, *args, **kwargs)

    monkeypatch.setattr(operator, "call", spy)
    return made


def test_a_function_is_called_through_operator_call_only_while_counting(stage_module, calls):
    counting = [False]
    _wrap("stage_module_for_test:double", counting)
    assert stage_module.double(3, times=3) == 9 and calls == []
    counting[0] = True
    assert stage_module.double(3) == 6 and len(calls) == 1


def test_a_method_is_wrapped_on_its_class(stage_module, calls):
    counting = [True]
    _wrap("stage_module_for_test:Holder.method", counting)
    assert Holder().method(1) == 2 and len(calls) == 1
