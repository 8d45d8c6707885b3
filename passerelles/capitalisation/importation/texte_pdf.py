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

EXIT_UNREADABLE, EXIT_TOO_BIG = 3, 4
TROP_LOURD = (
    "Ce PDF demande trop de mémoire ou de temps à lire (fichier piégé ou très lourd) : "
    "exportez la fiche en texte (.txt) et importez ce fichier."
)


def pdf_text(data: bytes, duree: int = DUREE_MAX) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__, str(duree)],
            input=data,
            capture_output=True,
            timeout=duree + 2,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise FichierInvalide(TROP_LOURD) from exc
    if done.returncode == EXIT_UNREADABLE:
        raise FichierInvalide("Ce PDF est illisible ou endommagé.")
    if done.returncode != 0:
        raise FichierInvalide(TROP_LOURD)
    return done.stdout.decode("utf-8")


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
    except (MemoryError, LimitReachedError):
        return EXIT_TOO_BIG
    except Exception:  # noqa: BLE001  pypdf raises many kinds of errors on a broken file
        return EXIT_UNREADABLE
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


def _extract(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages, size = [], 0
    for page in list(reader.pages)[:PAGES_MAX]:
        # Inflating the content first surfaces pypdf's decompression limit, which
        # extract_text() would swallow into an empty page.
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()
        text = page.extract_text() or ""
        size += len(text)
        if size > TEXTE_MAX:
            raise MemoryError
        pages.append(text)
    return "\n\f\n".join(pages)


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1])))
