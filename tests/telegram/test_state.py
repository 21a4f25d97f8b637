"""The SQLite state: survives reopening, retention, feedback, pastes, groups."""

from __future__ import annotations

from bot.state import GroupSettings, State


class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self):
        return self.now


def test_settings_and_turns_survive_reopen(tmp_path):
    state = State.open(tmp_path)
    state.set_language(7, "fr")
    state.set_donor(7, "ilo")
    turn = state.add_turn(chat_id=7, user_id=7, kind="question", question="q1", answer="a1", passage_ids=["p1"])
    state.add_feedback(turn_id=turn, user_id=7, chat_id=7, rating=-1)
    state.close()
    state = State.open(tmp_path)
    assert state.settings(7).language == "fr" and state.settings(7).donor == "ilo"
    assert [t.question for t in state.history(7, 7, 4)] == ["q1"]
    assert state.feedback()[0]["passage_ids"] == ["p1"]
    assert state.counts()["feedback_down"] == 1
    state.close()


def test_history_is_per_chat_oldest_first_and_limited(tmp_path):
    state = State.open(tmp_path)
    for i in range(5):
        state.add_turn(chat_id=1, user_id=1, kind="question", question=f"q{i}", answer="a")
    state.add_turn(chat_id=2, user_id=1, kind="question", question="elsewhere", answer="a")
    state.add_turn(chat_id=1, user_id=1, kind="critique", question="[critique]", answer="a")
    assert [t.question for t in state.history(1, 1, 3)] == ["q2", "q3", "q4"]
    state.reset_conversation(1)
    assert state.history(1, 1, 3) == []
    assert state.last_answer(1, 1).question == "q4"  # /fuentes and feedback still work after /reset


def test_retention_deletes_old_turns_and_pastes(tmp_path):
    clock = Clock()
    state = State.open(tmp_path, retention_days=30, clock=clock)
    state.add_turn(chat_id=1, user_id=1, kind="question", question="old", answer="a")
    paste = state.save_paste(chat_id=1, user_id=1, text="old paste")
    clock.now += 31 * 86400
    assert state.history(1, 1, 4) == []  # expired turns are never used, even before the purge
    state.add_turn(chat_id=1, user_id=1, kind="question", question="new", answer="a")
    assert state.purge_expired() == 2
    assert state.paste(paste, 1) is None
    assert [t.question for t in state.history(1, 1, 4)] == ["new"]


def test_pasted_text_is_forgotten_after_use_unless_kept(tmp_path):
    state = State.open(tmp_path / "a")
    paste = state.save_paste(chat_id=1, user_id=1, text="section")
    assert state.paste(paste, 2) is None  # only its author can use it
    state.paste_used(paste)
    assert state.paste(paste, 1) is None
    kept = State.open(tmp_path / "b", keep_pasted_text=True)
    paste = kept.save_paste(chat_id=1, user_id=1, text="section")
    kept.paste_used(paste)
    assert kept.paste(paste, 1) == "section"


def test_group_tables(tmp_path):
    state = State.open(tmp_path)
    state.record_group_question(chat_id=-5, user_id=1, language="es", question="q", abstained=True)
    state.record_group_weaknesses(chat_id=-5, user_id=1, section_type="budget",
                                  weaknesses=[("costs", "weak"), ("cofunding", "missing")])
    state.set_group_settings(-5, GroupSettings(workshop_mode=True, critiques_enabled=False, language="en"))
    state.close()
    state = State.open(tmp_path)
    assert state.group_questions(-5)[0]["abstained"] == 1
    assert [w["criterion"] for w in state.group_weaknesses(-5)] == ["costs", "cofunding"]
    assert state.group_settings(-5) == GroupSettings(True, False, "en")
    assert state.group_settings(-6) == GroupSettings()


def test_feedback_for_a_missing_turn_is_none(tmp_path):
    assert State.open(tmp_path).add_feedback(turn_id=999, user_id=1, chat_id=1, rating=1) is None


def test_one_draft_per_user_kept_until_deleted_or_untouched_past_retention(tmp_path):
    clock = Clock()
    state = State.open(tmp_path, retention_days=30, clock=clock)
    state.save_draft(user_id=5, chat_id=5, data={"step": 1, "answers": {"title": "Título"}})
    state.save_draft(user_id=5, chat_id=5, data={"step": 2, "answers": {"title": "Otro"}})  # replaces, never two
    state.save_draft(user_id=6, chat_id=6, data={"step": 0, "answers": {}})
    state.close()
    state = State.open(tmp_path, retention_days=30, clock=clock)  # a restart
    assert state.draft(5) == {"step": 2, "answers": {"title": "Otro"}}
    clock.now += 20 * 86400
    state.save_draft(user_id=6, chat_id=6, data={"step": 1, "answers": {}})  # touched: its period starts again
    clock.now += 15 * 86400
    assert state.draft(5) is None  # untouched for 35 days
    assert state.purge_expired() == 1
    assert state.draft(6) == {"step": 1, "answers": {}}
    assert state.delete_draft(6) and not state.delete_draft(6)
    assert state.draft(6) is None
    state.close()
