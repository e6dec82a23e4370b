"""The ``followup`` Typer app and what every command shares.

Everything a secretary reads is Korean: the help (each command's docstring and its options'
``help``), Typer's and Click's own words (``followup.locale``, bound before Typer is imported)
and every error, printed as ``오류: ...`` with exit status 2. Nothing heavy is imported here:
each command imports what it uses (the settings, the database, Apprise, a document library)
inside its function, so ``followup --help`` loads Typer and little else.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from followup.locale import _, translate, use_korean

use_korean()  # before Typer: it reads its headings through gettext when imported

import typer  # noqa: E402
from typer._click import Context as ClickContext  # noqa: E402
from typer._click.exceptions import ClickException, NoArgsIsHelpError  # noqa: E402
from typer._click.formatting import HelpFormatter  # noqa: E402
from typer.core import TyperCommand, TyperGroup  # noqa: E402

from followup.errors import FollowupError  # noqa: E402
from followup.text import clean_text  # noqa: E402

if TYPE_CHECKING:
    from followup.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = PROJECT_ROOT / "examples"
TEMPLATES = PROJECT_ROOT / "templates"


# --- help in Korean, laid out by display width (a Hangul syllable takes two columns) ---


def cells(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Greedy word wrap by display width; paragraphs (blank lines) are kept."""
    lines: list[str] = []
    for number, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        if number:
            lines.append("")
        line = first if not lines else rest
        empty = True
        for word in paragraph.split():
            if not empty and cells(line) + 1 + cells(word) > width:
                lines.append(line)
                line, empty = rest + word, False
            else:
                line, empty = (line + word if empty else f"{line} {word}"), False
        lines.append(line)
    return lines


class KoreanFormatter(HelpFormatter):
    """Click's help layout with the Korean usage prefix and columns measured in cells."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, self.width, indent, indent):
            self.write(f"{line}\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        if not rows:
            return
        first_col = min(max(cells(first) for first, _ in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(" " * self.current_indent + first)
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            margin = " " * (first_col + self.current_indent)
            lines = wrap(second, max(self.width - first_col - self.current_indent, 20))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{margin}{line}\n" if line else "\n")


class KoreanContext(typer.Context):
    formatter_class = KoreanFormatter


def _korean_help_option(option: Any) -> Any:
    if option is not None:
        option.help = _("Show this message and exit.")
    return option


def format_parameters(command: Any, ctx: ClickContext, formatter: HelpFormatter) -> None:
    """The arguments and options, each with its Korean metavar and help; Typer's English
    type names (``<int>``, ``<str>``) are left out."""
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        name, text = record
        name = re.sub(r" <[^<>]*>$", "", name)
        (arguments if param.param_type_name == "argument" else options).append((name, text))
    for title, rows in ((_("Arguments"), arguments), (_("Options"), options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


def first_sentence(text: str) -> str:
    """A command's line in its group's list: its help up to the first full stop or colon."""
    paragraph = " ".join(text.strip().split("\n\n")[0].split())
    end = re.search(r"[.:](?=\s|$)", paragraph)
    return paragraph if end is None else paragraph[: end.start()] + "."


class KoreanCommand(TyperCommand):
    context_class = KoreanContext

    def format_options(self, ctx: ClickContext, formatter: HelpFormatter) -> None:
        format_parameters(self, ctx, formatter)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = _("[OPTIONS]")

    def get_help_option(self, ctx: ClickContext) -> Any:
        return _korean_help_option(super().get_help_option(ctx))

    def invoke(self, ctx: ClickContext) -> Any:
        """Run the command with its text arguments' control characters cleaned away."""
        ctx.params = {name: _cleaned(value) for name, value in ctx.params.items()}
        return super().invoke(ctx)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_cleaned(v) for v in value)
    return value


class KoreanGroup(TyperGroup):
    """The app and its command groups: Korean help, and Korean argument errors."""

    context_class = KoreanContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = _("[OPTIONS]")
        if self.subcommand_metavar == "COMMAND [ARGS]...":
            self.subcommand_metavar = _("COMMAND [ARGS]...")

    def get_help_option(self, ctx: ClickContext) -> Any:
        return _korean_help_option(super().get_help_option(ctx))

    def format_options(self, ctx: ClickContext, formatter: HelpFormatter) -> None:
        format_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: ClickContext, formatter: HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.short_help or first_sentence(command.help or "")))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's main loop with its usage errors said in Korean (Click prints them itself
        in English when it runs standalone, so it never does here)."""
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as error:
            if not standalone_mode:
                raise
            error.show()
            sys.exit(error.exit_code)
        except ClickException as error:
            korean = translate(error.format_message())
            error.format_message = lambda: korean  # type: ignore[method-assign]
            if not standalone_mode:
                raise
            show_usage_error(error)
            sys.exit(error.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo(_("Aborted!"), err=True)
            sys.exit(1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def show_usage_error(error: ClickException) -> None:
    """The usage line, where to find help, and the error: like Click's, in Korean."""
    ctx: ClickContext | None = getattr(error, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.")
            typer.echo(
                hint.format(command=ctx.command_path, option=ctx.help_option_names[0]), err=True
            )
    typer.echo(_("Error: {message}").format(message=error.format_message()), err=True)


class App(typer.Typer):
    """A Typer app whose groups and commands speak Korean; plain (not Rich) help, which
    needs no Rich import and so keeps ``--help`` quick."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("add_completion", False)
        # Up to 100 columns on a wide terminal: Korean lines are twice as wide as they count.
        kwargs.setdefault("context_settings", {"max_content_width": 100})
        super().__init__(
            cls=KoreanGroup, rich_markup_mode=None, pretty_exceptions_enable=False, **kwargs
        )

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[..., Any]:
        kwargs.setdefault("cls", KoreanCommand)
        return super().command(name, **kwargs)

    def add_typer(self, typer_instance: typer.Typer, **kwargs: Any) -> None:
        kwargs.setdefault("cls", KoreanGroup)
        super().add_typer(typer_instance, **kwargs)


app = App(
    help="followup: 위원회 회의록에서 후속조치를 뽑아 담당 부서에 알리고, 이행상황을 모아 "
    "조치결과 보고서를 만듭니다.\n\n처음이면 followup init 으로 시작하십시오.",
    no_args_is_help=True,
)


# --- what the commands share ---


def fail(error: Exception | str) -> NoReturn:
    """Print ``오류: ...`` and leave with status 2."""
    typer.echo(f"오류: {error}", err=True)
    raise typer.Exit(2)


def settings() -> Settings:
    """The settings (imported on first use: pydantic-settings is not needed for ``--help``),
    a bad ``FOLLOWUP_*`` value or ``.env`` line said in Korean."""
    from pydantic import ValidationError

    from followup.settings import get_settings

    try:
        current = get_settings()
        current.now()  # a fixed clock without its zone is refused here, not mid-command
        return current
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            field = "_".join(str(part) for part in problem.get("loc", ()))
            problems.append(f"FOLLOWUP_{field.upper()}={problem.get('input')!r}")
        fail(
            "환경 변수(또는 .env)의 값이 올바르지 않습니다: "
            + ", ".join(problems)
            + " (README의 Configuration 참고)"
        )
    except ValueError as error:
        fail(error)


def prefect_api_url() -> str:
    """The Prefect server a pass runs against, when one is configured ("" when none)."""
    return os.environ.get("PREFECT_API_URL", "").strip()


def prefect_home() -> None:
    """Keep Prefect's local state with ours under var/ unless the user chose elsewhere, and
    make sure the folder exists (Prefect cannot start without it)."""
    home = os.environ.setdefault("PREFECT_HOME", str((settings().var_dir / "prefect").resolve()))
    Path(home).expanduser().mkdir(parents=True, exist_ok=True)
    # The machine may have no route to the internet; the local server must not try to phone home.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def code_of(family: str, value: str, option: str) -> str:
    """A code given on the command line as its Korean word (spaces ignored: 추진중, 추진 중)
    or as the code itself (``adequate``); anything else is an error listing both."""
    from followup.render import code_words

    words = {code: word for code, word in code_words(TEMPLATES, family).items() if word}
    given = value.replace(" ", "")
    for code, word in words.items():
        if given in (code, word.replace(" ", "")):
            return code
    named = [f"{word}({code})" for code, word in words.items()]
    choices = ", ".join(named[:-1]) + f" 또는 {named[-1]}" if len(named) > 1 else named[0]
    fail(f"{option} '{value}': 쓸 수 있는 값은 {choices}입니다")


def parse_date(text: str, option: str) -> Any:
    """``YYYY-MM-DD`` or an error naming the option."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{option} '{text}': 날짜가 아닙니다 (예: 2024-06-14)")


def run_or_fail(step: Callable[[], Any]) -> Any:
    """Run ``step``; a FollowupError (always Korean) becomes ``오류: ...`` and status 2."""
    try:
        return step()
    except FollowupError as error:
        fail(error)
