using System.Runtime.CompilerServices;
using System.Text.Json;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Demo;

/// <summary>
/// <c>./fulgur demo --json</c> end to end: the published demo starts a devchain and five fulgurd processes, and
/// every step it narrates must report success, in order, with the process exiting 0 and leaving nothing running.
/// </summary>
public sealed class DemoTests
{
    private static string? OutDirectory([CallerFilePath] string source = "")
    {
        var repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
        var outDir = Path.Combine(repo, "out");
        return File.Exists(Path.Combine(outDir, "fulgur-demo")) && File.Exists(Path.Combine(outDir, "fulgurd"))
            && File.Exists(Path.Combine(outDir, "fulgur-devchain")) ? outDir : null;
    }

    [SkippableFact]
    public async Task Demo_runs_every_step_for_real()
    {
        var outDir = OutDirectory();
        Skip.If(outDir is null, "the demo's programs are not published in out/ (./fulgur test and ./fulgur build publish them)");
        using var work = new TempDirectory();
        var result = await ChildProcess.RunAsync(Path.Combine(outDir!, "fulgur-demo"),
            ["--json", $"--bin-dir={outDir}", $"--work-dir={work.Path}"], TimeSpan.FromSeconds(180));

        var steps = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (Step: e.GetProperty("step").GetString(), Ok: e.GetProperty("ok").GetBoolean(), Detail: e.GetProperty("detail").GetString()))
            .ToList();
        Assert.True(result.ExitCode == 0, $"demo exited {result.ExitCode}:\n{result.Stderr}");
        Assert.Equal(["chain", "nodes", "connect", "fund", "channels", "gossip", "invoice", "getroute", "sendpay", "drain", "failure", "reroute",
            "retry", "pay", "balances", "done"], steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.True(s.Ok, $"{s.Step}: {s.Detail}"));
        // The route went through carol first, then (after the 204 at carol) through dave.
        Assert.Contains("→ carol →", steps.Single(s => s.Step == "getroute").Detail, StringComparison.Ordinal);
        Assert.Contains("error 204 from carol", steps.Single(s => s.Step == "failure").Detail, StringComparison.Ordinal);
        Assert.Contains("→ dave →", steps.Single(s => s.Step == "reroute").Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Demo_refuses_unknown_options_with_usage_exit_code()
    {
        var outDir = OutDirectory();
        Skip.If(outDir is null, "the demo is not published in out/");
        var result = await ChildProcess.RunAsync(Path.Combine(outDir!, "fulgur-demo"), ["--nodes=99"], TimeSpan.FromSeconds(30));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--nodes=99", result.Stderr, StringComparison.Ordinal);
    }
}
