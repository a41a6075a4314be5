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
    public static int Main(string[] args)
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
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
