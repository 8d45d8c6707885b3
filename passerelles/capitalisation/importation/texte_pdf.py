"""A PDF's text layer, extracted in a child process that a hostile PDF cannot take down with it.

pypdf inflates streams in memory and can spend minutes on a crafted file; its own limits do
not cover every filter nor the time spent. The child runs under an address-space and CPU cap,
and the parent waits a bounded time and reads a bounded amount of text.

Run as `python -m passerelles.capitalisation.importation.texte_pdf` with the PDF on stdin.
"""

import io
import resource
import subprocess
import sys

from passerelles.core.fichiers import FichierInvalide

MEMOIRE_MAX = 512 * 1024 * 1024  # address space of the child, on top of Python itself
DUREE_MAX = 20  # seconds
TEXTE_MAX = 2 * 1024 * 1024  # characters of text kept from one fiche
PAGES_MAX = 200

EXIT_UNREADABLE, EXIT_MEMORY, EXIT_BOMB, EXIT_TOO_MUCH_TEXT, EXIT_TOO_MANY_PAGES = 3, 4, 5, 6, 7
EN_TEXTE = "exportez la fiche en texte (.txt) depuis le document d'origine et importez ce fichier."
# What went wrong, as the person who chose the file can act on it.
REFUS = {
    EXIT_UNREADABLE: "Ce PDF est illisible ou endommagé.",
    EXIT_BOMB: "Ce PDF contient un flux compressé qui se décompresse en un volume démesuré (une "
    f"« bombe » de décompression, le plus souvent un fichier piégé) : il est refusé. Au besoin, {EN_TEXTE}",
    EXIT_MEMORY: f"La lecture de ce PDF a dépassé {MEMOIRE_MAX // 2**20} Mo de mémoire : {EN_TEXTE}",
    EXIT_TOO_MUCH_TEXT: f"Ce PDF contient plus de {TEXTE_MAX // 1_000_000} millions de caractères de "
    "texte, bien plus qu'une fiche : importez seulement la partie utile, en .txt.",
    EXIT_TOO_MANY_PAGES: f"Ce PDF a plus de {PAGES_MAX} pages, bien plus qu'une fiche : importez "
    "seulement les pages utiles.",
}


def pdf_text(data: bytes, duree: int = DUREE_MAX) -> str:
    too_long = f"La lecture de ce PDF a dépassé {duree} secondes (fichier très lourd ou piégé) : {EN_TEXTE}"
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__, str(duree)],
            input=data,
            capture_output=True,
            timeout=duree + 2,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise FichierInvalide(too_long) from exc
    if done.returncode != 0:
        # A negative code is a signal: the CPU cap (SIGXCPU) or a kill.
        raise FichierInvalide(REFUS.get(done.returncode, too_long))
    return done.stdout.decode("utf-8")


class TooMuchText(Exception):
    pass


class TooManyPages(Exception):
    pass


def _child(duree: int) -> int:
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    import pypdf  # noqa: F401  (loaded before the cap so that the cap bounds only the PDF's work)

    cap = _address_space() + MEMOIRE_MAX
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    resource.setrlimit(resource.RLIMIT_CPU, (duree, duree + 1))
    data = sys.stdin.buffer.read()
    from pypdf.errors import LimitReachedError

    try:
        text = _extract(data)
    except MemoryError:
        return EXIT_MEMORY
    except LimitReachedError:  # pypdf's own bound on what one stream may inflate to
        return EXIT_BOMB
    except TooMuchText:
        return EXIT_TOO_MUCH_TEXT
    except TooManyPages:
        return EXIT_TOO_MANY_PAGES
    except Exception:  # noqa: BLE001  pypdf raises many kinds of errors on a broken file
        return EXIT_UNREADABLE
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


def _extract(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > PAGES_MAX:
        raise TooManyPages
    pages, size = [], 0
    for page in reader.pages:
        # Inflating the streams first surfaces pypdf's decompression limit, which
        # extract_text() would swallow into an empty page (« no text layer »).
        _inflate(page.get_contents())
        for xobject in _xobjects(page):
            _inflate(xobject)
        text = page.extract_text() or ""
        size += len(text)
        if size > TEXTE_MAX:
            raise TooMuchText
        pages.append(text)
    return "\n\f\n".join(pages)


def _inflate(stream) -> None:
    if stream is not None and hasattr(stream, "get_data"):
        stream.get_data()


def _xobjects(page) -> list:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else {}
    return [xobjects[name].get_object() for name in xobjects]


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1])))
