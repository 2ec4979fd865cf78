import pytest

from handlers import callback_data as cb


@pytest.mark.parametrize(
    "button",
    [
        cb.FeedbackButton(12, helpful=True),
        cb.FeedbackButton(7, helpful=False),
        cb.PickButton(3, "labor-arbitration"),
        cb.ItemButton("hotline-12348"),
        cb.AdviserButton(0),
        cb.AdviserButton(99),
        cb.NoteSkipButton(5),
    ],
)
def test_round_trip(button: cb.CallbackData) -> None:
    data = button.pack()
    assert len(data.encode()) <= 64
    assert cb.parse(data) == button


@pytest.mark.parametrize(
    "data",
    [
        None,
        42,
        "",
        "garbage",
        "2|fb|1|up",
        "1|fb|0|up",
        "1|fb|01|up",
        "1|fb|1|sideways",
        "1|fb|1|up|extra",
        "1|pick|1|Bad_Id",
        "1|item|../x",
        "1|adv|-1",
        "1|skip|" + "9" * 30,
        "1|item|" + "a" * 70,
    ],
)
def test_forged_data_is_rejected(data: object) -> None:
    assert cb.parse(data) is None
