"""The built wheel carries the lexicons, the Punkt parameters, the report template and the default model."""

import subprocess
import sys

from ._shared import REPO


def test_default_model_loads_from_an_installed_wheel(tmp_path):
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheels)], check=True, capture_output=True, cwd=tmp_path)
    wheel = next(wheels.glob("hypedetect-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    script = (
        "import hypedetect, pathlib, sys\n"
        f"assert pathlib.Path(hypedetect.__file__).is_relative_to({str(target)!r}), hypedetect.__file__\n"
        "from hypedetect.persistence import load_model\n"
        "p = load_model().predict_proba(['We proudly announce our world-class product! Buy now!'])[0, 1]\n"
        "print(round(float(p), 3))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                          cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout) > 0.5
