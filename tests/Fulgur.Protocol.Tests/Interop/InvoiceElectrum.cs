using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Fulgur.Protocol.Tests.Interop;

/// <summary>
/// Runs tests/interop/electrum/invoice_electrum.py with Debian's python3-electrum: Electrum's own BOLT 11 codec
/// (<c>electrum.lnaddr</c>), an implementation independent of ours. Tests skip with the reason when it is missing.
/// </summary>
internal static class InvoiceElectrum
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<Task<string?>> Unavailable = new(FindWhyUnavailableAsync);

    /// <summary>Skips the calling test unless Python, the helper script and <c>import electrum</c> all work.</summary>
    public static async Task RequireAsync()
    {
        var why = await Unavailable.Value;
        Skip.If(why is not null, why);
    }

    /// <summary>Sends a JSON batch to <c>invoice_electrum.py decode|encode</c> and returns its JSON answer.</summary>
    public static async Task<JsonArray> RunAsync(string command, JsonArray batch)
    {
        var (exitCode, stdout, stderr) = await RunProcessAsync(command, batch.ToJsonString());
        Assert.True(exitCode == 0, $"invoice_electrum.py {command} exited with {exitCode}: {stderr}");
        return JsonNode.Parse(stdout)?.AsArray() ?? throw new InvalidOperationException($"no JSON from invoice_electrum.py: {stdout}");
    }

    private static string ScriptPath([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "interop", "electrum", "invoice_electrum.py"));

    private static async Task<string?> FindWhyUnavailableAsync()
    {
        if (!File.Exists(Python))
            return $"{Python} not found: the Electrum cross-check needs Debian's python3 and python3-electrum";
        if (!File.Exists(ScriptPath()))
            return $"{ScriptPath()} not found (the cross-check runs from a source checkout)";
        var (exitCode, _, stderr) = await RunProcessAsync("check", "");
        return exitCode == 0 ? null : $"`import electrum` failed (apt-get install python3-electrum): {stderr.Trim()}";
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string command, string stdin)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ScriptPath());
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.WriteAsync(stdin.AsMemory(), timeout.Token);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"invoice_electrum.py {command} did not finish within {Timeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
