using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Fulgur.Bench;

/// <summary>
/// <c>./fulgur bench</c> runs every benchmark in process (no per-benchmark project build) and leaves one GitHub
/// markdown table per class under the artifacts folder; the script gathers them into one report.
/// Extra arguments pass through to BenchmarkDotNet (e.g. <c>--filter *Sphinx*</c>); <c>--quick</c> runs the
/// short job (3 iterations) for a fast look, never for figures that go into docs/benchmarks.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick");
        args = [.. args.Where(a => a != "--quick")];
        var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddExporter(MarkdownExporter.GitHub)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var arguments = args.Length == 0 ? ["--filter", "*"] : args;
        // End-to-end sendpay over fulgurd processes: a measured run beside the BenchmarkDotNet classes (Payments/).
        if (Payments.SendPayLoopbackRun.IsSelected(arguments)
            && await Payments.SendPayLoopbackRun.RunAsync(quick ? 20 : 200, 50).ConfigureAwait(false) != 0)
            return 1;
        // HTLC add+settle round trips over one channel between two in-process nodes on loopback (Channels/).
        if (!OperatingSystem.IsWindows() && Channels.HtlcLoopbackRun.IsSelected(arguments) && Channels.HtlcLoopbackRun.RunAsync(quick ? 100 : 1000, quick ? 2 : 10, 100).GetAwaiter().GetResult() != 0)
            return 1;
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
