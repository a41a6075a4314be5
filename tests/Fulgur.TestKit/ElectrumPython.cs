using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Fulgur.TestKit;

/// <summary>The outcome of one run of <see cref="ElectrumPython.Interpreter"/>.</summary>
public sealed record PythonResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the Python helpers in <c>tests/interop/electrum/</c> with <c>/usr/bin/python3</c> against Debian's
/// python3-electrum, an implementation of the BOLTs independent of ours. Tests call <see cref="RequireScript"/>
/// first: it skips them, saying why, when the interpreter, the script or <c>import electrum</c> is missing.
/// </summary>
public static class ElectrumPython
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>How long a run may take unless the caller says otherwise; the process tree is killed after it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    private const string ScriptsFolder = "tests/interop/electrum";
    private static readonly Lazy<string?> Scripts = new(LocateScripts);
    private static readonly ConcurrentDictionary<string, Lazy<string?>> Probes = new();

    /// <summary>The helper scripts' folder, or null when the tests run without the sources.</summary>
    public static string? ScriptsDirectory => Scripts.Value;

    /// <summary>
    /// Why <paramref name="script"/> cannot be run, or null when it can: the interpreter, the script, and
    /// <paramref name="imports"/> (a Python statement, run once per distinct statement and cached) must all work.
    /// </summary>
    public static string? WhyUnavailable(string script, string imports = "import electrum")
    {
        if (!File.Exists(Interpreter))
            return $"{Interpreter} not found: install python3-electrum (./fulgur test does) to run the Electrum interop tests";
        var directory = Scripts.Value;
        if (directory is null)
            return $"{ScriptsFolder} not found (the Electrum interop tests run from a source checkout)";
        var path = Path.Combine(directory, script);
        if (!File.Exists(path))
            return $"{path} not found";
        return Probes.GetOrAdd(imports, statement => new Lazy<string?>(() => Probe(statement))).Value;
    }

    /// <summary>The full path of <paramref name="script"/>; skips the calling test when <see cref="WhyUnavailable"/> gives a reason.</summary>
    public static string RequireScript(string script, string imports = "import electrum")
    {
        var why = WhyUnavailable(script, imports);
        Skip.If(why is not null, why);
        return Path.Combine(Scripts.Value!, script);
    }

    /// <summary>
    /// Runs <c>python3 <paramref name="arguments"/></c> (a script path and its arguments, or <c>-c</c> and code) with
    /// <paramref name="stdin"/> as its input; kills the process tree and throws <see cref="TimeoutException"/> when it
    /// has not finished within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<PythonResult> RunAsync(IReadOnlyList<string> arguments, string stdin = "", TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var start = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Interpreter}");
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
            var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancel.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            return new PythonResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Interpreter} {string.Join(' ', arguments)} did not finish within {limit}");
        }
    }

    /// <summary>
    /// Runs <paramref name="script"/> (already checked with <see cref="RequireScript"/>) with <paramref name="cases"/>
    /// as JSON on stdin and returns the JSON list it prints; it must exit 0 and, when <paramref name="onePerCase"/>,
    /// answer each case.
    /// </summary>
    public static async Task<JsonArray> RunJsonAsync(string script, JsonArray cases, IReadOnlyList<string>? arguments = null, bool onePerCase = true)
    {
        var path = RequireScript(script);
        var command = $"{script} {string.Join(' ', arguments ?? [])}".Trim();
        var run = await RunAsync([path, .. arguments ?? []], cases.ToJsonString()).ConfigureAwait(false);
        Assert.True(run.ExitCode == 0, $"{command} exited with {run.ExitCode}: {run.Stderr}");
        var result = JsonNode.Parse(run.Stdout) as JsonArray;
        Assert.True(result is not null && (!onePerCase || result.Count == cases.Count), $"{command} printed an unexpected result: {run.Stdout}");
        return result;
    }

    private static string? Probe(string imports)
    {
        try
        {
            var run = RunAsync(["-c", imports]).GetAwaiter().GetResult();
            return run.ExitCode == 0
                ? null
                : $"'{Interpreter} -c \"{imports}\"' failed (install python3-electrum; ./fulgur test does): {run.Stderr.Trim()}";
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException or IOException)
        {
            return $"could not run {Interpreter}: {e.Message}";
        }
    }

    private static string? LocateScripts() =>
        RepositoryRoot.Candidates()
            .Select(root => Path.GetFullPath(Path.Combine(root, ScriptsFolder)))
            .FirstOrDefault(Directory.Exists);
}
