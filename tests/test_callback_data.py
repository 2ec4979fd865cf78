import pytest

from handlers import callback_data as cb
from handlers.callback_data import ConsultationAction, PrivacyAction


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
        cb.IntakeButton("consent", "yes"),
        cb.IntakeButton("community", "example-village-1"),
        cb.RevokeInviteButton(4),
        *(cb.ConsultationButton(action, 42) for action in ConsultationAction),
        cb.ConsultationButton(ConsultationAction.TRANSFER_TO, 42, "d123456789"),
        cb.ConsultationButton(ConsultationAction.SOLVED, 42, "5-y"),
        *(cb.PrivacyButton(action) for action in PrivacyAction),
    ],
)
def test_round_trip(button: cb.CallbackData) -> None:
    data = button.pack()
    assert data.startswith(f"{cb.VERSION}|")
    assert len(data.encode()) <= 64
    assert cb.parse(data) == button
    assert type(button).pattern()(data)


def test_the_longest_transfer_target_fits() -> None:
    community = "a" * 40  # the longest community id the communities file allows
    button = cb.ConsultationButton(ConsultationAction.TRANSFER_TO, 999_999, community)
    assert cb.parse(button.pack()) == button


def test_data_over_64_bytes_is_refused_when_packed() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        cb.ItemButton("a" * 70).pack()


@pytest.mark.parametrize(
    ("legacy", "button"),
    [
        ("1|fb|12|up", cb.FeedbackButton(12, helpful=True)),
        ("1|adv|0", cb.AdviserButton(0)),
        ("1|in|consent|yes", cb.IntakeButton("consent", "yes")),
        ("1|rinv|3", cb.RevokeInviteButton(3)),
        ("1|c|claim|7", cb.ConsultationButton(ConsultationAction.CLAIM, 7)),
        ("1|c|xfer|7", cb.ConsultationButton(ConsultationAction.TRANSFER, 7)),
        ("1|c|xto|7|d55", cb.ConsultationButton(ConsultationAction.TRANSFER_TO, 7, "d55")),
        ("1|c|xno|7", cb.ConsultationButton(ConsultationAction.TRANSFER_CANCEL, 7)),
        ("1|c|out|7|answered", cb.ConsultationButton(ConsultationAction.OUTCOME, 7, "answered")),
        ("1|c|endok|7", cb.ConsultationButton(ConsultationAction.END_CONFIRMED, 7)),
        ("1|c|solved|7|4-n", cb.ConsultationButton(ConsultationAction.SOLVED, 7, "4-n")),
        ("1|pv|forgetok", cb.PrivacyButton(PrivacyAction.FORGET_CONFIRMED)),
        ("1|pv|withdrawok", cb.PrivacyButton(PrivacyAction.WITHDRAW_CONFIRMED)),
    ],
)
def test_buttons_of_the_previous_version_are_understood(
    legacy: str, button: cb.CallbackData
) -> None:
    assert cb.parse(legacy) == button
    assert type(button).pattern()(legacy)


def test_pattern_requires_the_fixed_fields() -> None:
    consent = cb.IntakeButton.pattern(step="consent")
    assert consent(cb.IntakeButton("consent", "yes").pack())
    assert not consent(cb.IntakeButton("category", "labor").pack())
    confirm_yes = cb.IntakeButton.pattern(step="confirm", value="yes")
    assert not confirm_yes(cb.IntakeButton("confirm", "no").pack())
    either = cb.IntakeButton.pattern(step=("keep", "community"))
    assert either("1|in|keep|yes")
    assert not cb.PrivacyButton.pattern()(cb.AdviserButton(1).pack())
    assert not cb.AdviserButton.pattern()(None)


@pytest.mark.parametrize(
    "data",
    [
        None,
        42,
        "",
        "garbage",
        "1",
        "2",
        "3|fb|1|up",
        "9|fb|1|up",
        "2|fb|0|up",
        "2|fb|01|up",
        "2|fb|1|sideways",
        "2|fb|1|up|extra",
        "2|pick|1|Bad_Id",
        "2|item|../x",
        "2|adv|-1",
        "2|skip|" + "9" * 30,
        "2|item|" + "a" * 70,
        "2|in|bogus|yes",
        "2|in|category|ABC",
        "2|c|xfer|5",  # a version-1 code under version 2
        "2|c|claim|0",
        "2|c|claim",
        "2|c|fly|5",
        "2|pv|forgetok",
        "2|zz|1",
        "1|fb|0|up",
        "1|c|transfer|5",  # a version-2 name under version 1
        "1|c|fly|5",
        "1|c",
        "1|pv|forget_confirmed",
        "1|pv",
        "1|in|category|ABC",
    ],
)
def test_forged_data_is_rejected(data: object) -> None:
    assert cb.parse(data) is None


def test_prefix_pattern_leaves_a_malformed_value_to_the_handler() -> None:
    category = cb.IntakeButton.prefix_pattern("category")
    assert category("1|in|category|ABC")
    assert category("2|in|category|不存在")
    assert not category("2|in|consent|yes")
    assert not category("2|c|category|1")
    assert not category(None)
