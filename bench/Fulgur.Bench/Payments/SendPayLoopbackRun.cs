using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Fulgur.Bench.Payments;

/// <summary>
/// End-to-end sendpay on loopback (a measured run, not a BenchmarkDotNet class: a process network does not fit its
/// harness). Real fulgurd processes on fulgur-devchain, every state change committed to SQLite: the latency of one
/// sendpay over 1 hop (A→B) and 3 hops (A→B→C→D), median and p99 over the payments, then the throughput of
/// 50 concurrent payments over 3 hops. Writes a table where ./fulgur bench gathers BenchmarkDotNet's, so it lands in
/// the same report.
/// </summary>
public static class SendPayLoopbackRun
{
    private const string Name = "Payments.SendPayLoopback";

    /// <summary>Whether BenchmarkDotNet-style <paramref name="args"/> (<c>--filter</c> patterns) select this run.</summary>
    public static bool IsSelected(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var filters = args.SkipWhile(a => a != "--filter").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (filters.Count == 0)
            return args.Length == 0;
        return filters.Any(f => f == "*" || Name.Contains(f.Trim('*'), StringComparison.OrdinalIgnoreCase)
            || "SendPay".Contains(f.Trim('*'), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Runs the measurements; <paramref name="payments"/> per latency series (at least 200 for the report).</summary>
    public static async Task<int> RunAsync(int payments, int concurrent)
    {
        var root = LoopbackNetwork.FindRoot() ?? Environment.CurrentDirectory;
        var fulgurd = Environment.GetEnvironmentVariable("FULGURD") ?? Path.Combine(root, "out", "fulgurd");
        var devchain = Environment.GetEnvironmentVariable("FULGUR_DEVCHAIN") ?? Path.Combine(root, "out", "fulgur-devchain");
        if (!File.Exists(fulgurd) || !File.Exists(devchain))
        {
            Console.Error.WriteLine($"{Name}: skipped (no {fulgurd} or {devchain}: run ./fulgur build, or set FULGURD and FULGUR_DEVCHAIN)");
            return 0;
        }
        await using var network = await LoopbackNetwork.StartAsync(fulgurd, devchain, 4);
        var rows = new List<string>();
        foreach (var hops in new[] { 1, 3 })
        {
            var latencies = new List<double>();
            for (var i = 0; i < payments; i++)
            {
                var (hash, secret) = await InvoiceAsync(network.Nodes[hops], $"lat-{hops}-{i}");
                var stopwatch = Stopwatch.StartNew();
                await network.Nodes[0].RpcAsync("sendpay", SendPayParams(network, hops, hash, secret));
                latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            latencies.Sort();
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| sendpay latency, {hops} hop{(hops > 1 ? "s" : "")} | {payments} | {Percentile(latencies, 0.5):F2} ms | {Percentile(latencies, 0.99):F2} ms | {latencies.Average():F2} ms |"));
        }
        var invoices = new List<(string Hash, string Secret)>();
        for (var i = 0; i < concurrent; i++)
            invoices.Add(await InvoiceAsync(network.Nodes[3], $"burst-{i}"));
        var burst = Stopwatch.StartNew();
        await Task.WhenAll(invoices.Select(inv => network.Nodes[0].RpcAsync("sendpay", SendPayParams(network, 3, inv.Hash, inv.Secret))));
        var seconds = burst.Elapsed.TotalSeconds;
        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {concurrent} concurrent sendpays, 3 hops | {concurrent} | {concurrent / seconds:F1} payments/s | | {seconds * 1000:F0} ms in all |"));

        var table = new StringBuilder();
        table.AppendLine("| what | payments | median | p99 | mean |");
        table.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
            table.AppendLine(row);
        table.AppendLine();
        table.AppendLine("Real fulgurd processes on loopback against fulgur-devchain, SQLite with synchronous=FULL; one sendpay at a time for the latencies.");
        var results = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, $"Fulgur.Bench.{Name}-report-github.md"), table.ToString());
        Console.WriteLine(table);
        return 0;
    }

    private static async Task<(string Hash, string Secret)> InvoiceAsync(BenchNode payee, string label)
    {
        var invoice = await payee.RpcAsync("invoice", $"{{\"msatoshi\": 10000, \"label\": \"{label}\", \"description\": \"bench\"}}");
        return (invoice.GetProperty("payment_hash").GetString()!, invoice.GetProperty("payment_secret").GetString()!);
    }

    private static string SendPayParams(LoopbackNetwork network, int hops, string hash, string secret) =>
        $"{{\"route\": {network.RouteJson(hops, 10000)}, \"payment_hash\": \"{hash}\", \"payment_secret\": \"{secret}\"}}";

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
