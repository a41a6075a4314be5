using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Fulgur.Protocol.Tests.Interop;

/// <summary>
/// Runs the Python helpers in tests/interop/electrum against Debian's python3-electrum (an independent BOLT 4
/// implementation). Each script reads a JSON list of cases on stdin and prints a JSON list of results. Tests skip,
/// saying why, when /usr/bin/python3 cannot import electrum or the scripts are not found.
/// </summary>
internal static class OnionElectrumScripts
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<(string? Directory, string? WhyNot)> Setup = new(Locate);

    /// <summary>Skips the calling test when Electrum or the helper scripts are unavailable.</summary>
    public static void SkipUnlessAvailable()
    {
        var (_, whyNot) = Setup.Value;
        Skip.If(whyNot is not null, whyNot);
    }

    public static async Task<JsonArray> RunAsync(string script, JsonArray cases)
    {
        var directory = Setup.Value.Directory ?? throw new InvalidOperationException(Setup.Value.WhyNot);
        var (exitCode, stdout, stderr) = await RunProcessAsync(Path.Combine(directory, script), cases.ToJsonString());
        Assert.True(exitCode == 0, $"{script} exited with {exitCode}: {stderr}");
        var result = JsonNode.Parse(stdout) as JsonArray;
        Assert.True(result is not null && result.Count == cases.Count, $"{script} printed an unexpected result: {stdout}");
        return result;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string argument, string stdin)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
            throw new TimeoutException($"{argument} did not finish within {Timeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static (string? Directory, string? WhyNot) Locate()
    {
        if (!File.Exists(Python))
            return (null, $"{Python} not found: install python3-electrum (./fulgur test does) to run the Electrum interop tests");
        var directory = FindScripts();
        if (directory is null)
            return (null, "tests/interop/electrum not found next to the test sources");
        try
        {
            var (exitCode, _, stderr) = ProbeElectrum();
            return exitCode == 0
                ? (directory, null)
                : (null, $"'{Python} -c \"import electrum\"' failed (install python3-electrum; ./fulgur test does): {stderr.Trim()}");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            return (null, $"could not run {Python}: {e.Message}");
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) ProbeElectrum()
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import electrum.lnonion");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("importing electrum timed out");
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The helper folder, found from this source file's path (tests may run from a separate artifacts tree).</summary>
    private static string? FindScripts([CallerFilePath] string thisFile = "")
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(thisFile))
            candidates.Add(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "interop", "electrum"));
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "tests", "interop", "electrum"));
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "tests", "interop", "electrum"));
        return candidates.Select(Path.GetFullPath).FirstOrDefault(c => File.Exists(Path.Combine(c, "onion_peel.py")));
    }
}
