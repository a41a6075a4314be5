using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Fulgur.Protocol.Tests.Gossip.Interop;

/// <summary>
/// Runs electrum_gossip.py (next to this file) against Debian's python3-electrum, an independent implementation of
/// BOLT 7 signature checks. Tests skip, saying why, when /usr/bin/python3 cannot import electrum's gossip modules.
/// </summary>
internal static class ElectrumGossip
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<(string? Script, string? WhyNot)> Setup = new(() => Locate());

    public static void SkipUnlessAvailable()
    {
        var (_, whyNot) = Setup.Value;
        Skip.If(whyNot is not null, whyNot);
    }

    public static async Task<JsonArray> RunAsync(JsonArray cases)
    {
        var script = Setup.Value.Script ?? throw new InvalidOperationException(Setup.Value.WhyNot);
        var (exitCode, stdout, stderr) = await RunProcessAsync([script], cases.ToJsonString());
        Assert.True(exitCode == 0, $"electrum_gossip.py exited with {exitCode}: {stderr}");
        var result = JsonNode.Parse(stdout) as JsonArray;
        Assert.True(result is not null && result.Count == cases.Count, $"electrum_gossip.py printed an unexpected result: {stdout}");
        return result;
    }

    private static (string? Script, string? WhyNot) Locate([CallerFilePath] string thisFile = "")
    {
        var script = Path.Combine(Path.GetDirectoryName(thisFile)!, "electrum_gossip.py");
        if (!File.Exists(script))
            return (null, $"{script} not found (the tests run from a copy without sources)");
        if (!File.Exists(Python))
            return (null, $"{Python} not found: install python3-electrum to run the Electrum gossip interop tests");
        try
        {
            const string Probe = "from electrum.channel_db import ChannelDB; from electrum.lnverifier import verify_sig_for_channel_update";
            var (exitCode, _, stderr) = RunProcessAsync(["-c", Probe], "").GetAwaiter().GetResult();
            return exitCode == 0 ? (script, null) : (null,
                $"'{Python}' cannot import electrum's gossip modules (install python3-electrum): {stderr.Trim()}");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            return (null, $"could not run {Python}: {e.Message}");
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string[] arguments, string stdin)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
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
            throw new TimeoutException($"{Python} did not finish within {Timeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
