using System.Runtime.Versioning;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// An executable "nvidia-smi" in a temporary folder that answers the miner's detection and telemetry queries for one
/// RTX 4090. The temperature is whatever the test last wrote (or "[N/A]"); power, utilisation and memory change on
/// every call, as a loaded GPU's do. <see cref="Fail"/> makes it exit 9 with no output, as a wedged driver does.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class FakeNvidiaSmi : IDisposable
{
    public const string Uuid = "GPU-fa4e0000-0000-4000-8000-000000004090";

    private const string Script = """
        #!/bin/sh
        dir=$(dirname "$0")
        [ -f "$dir/fail" ] && exit 9
        n=$(( $(cat "$dir/calls" 2>/dev/null || echo 0) + 1 ))
        echo $n > "$dir/calls.$$" && mv -f "$dir/calls.$$" "$dir/calls"
        t=$(cat "$dir/temperature")
        case "$1" in
          --query-gpu=name,*) echo "NVIDIA GeForce RTX 4090, UUID, 24564, 550.54.14, 8.9, $t, 120.50, 450.00, 3" ;;
          --query-gpu=uuid,*) echo "UUID, $t, $((100 + n % 300)).25, $((n % 100)), $((1000 + n)), 2520, 10501" ;;
          *) echo "unexpected arguments: $*" >&2; exit 2 ;;
        esac
        """;

    public FakeNvidiaSmi(double temperatureC)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aitbc-fake-nvidia-smi-").FullName;
        var path = Path.Combine(Directory, "nvidia-smi");
        File.WriteAllText(path, Script.Replace("UUID", Uuid, StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        SetTemperature(temperatureC);
    }

    /// <summary>The folder to put first on the search path.</summary>
    public string Directory { get; }

    public int Calls => int.TryParse(ReadOrNull("calls"), out var n) ? n : 0;

    public void SetTemperature(double celsius) =>
        WriteAtomically("temperature", celsius.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The board stops reporting its temperature (nvidia-smi prints "[N/A]").</summary>
    public void TemperatureUnavailable() => WriteAtomically("temperature", "[N/A]");

    public void Fail(bool failing)
    {
        var marker = Path.Combine(Directory, "fail");
        if (failing)
        {
            File.WriteAllText(marker, "");
        }
        else
        {
            File.Delete(marker);
        }
    }

    // Files are replaced by a rename, never truncated in place: a reader between the truncation and the write would see
    // an empty file (a call count of 0, or no temperature), which is what made this fixture flaky on a loaded machine.
    private void WriteAtomically(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        var staging = path + ".next";
        File.WriteAllText(staging, text);
        File.Move(staging, path, overwrite: true);
    }

    private string? ReadOrNull(string name)
    {
        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
