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
    public static bool IsSelected(string[] args) => LoopbackRun.IsSelected(args, Name, "SendPay");

    /// <summary>Runs the measurements; <paramref name="payments"/> per latency series (at least 200 for the report).</summary>
    public static async Task<int> RunAsync(int payments, int concurrent)
    {
        var fulgurd = LoopbackRun.Apphost("FULGURD", "fulgurd");
        var devchain = LoopbackRun.Apphost("FULGUR_DEVCHAIN", "fulgur-devchain");
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
                $"| sendpay latency, {hops} hop{(hops > 1 ? "s" : "")} | {payments} | {LoopbackRun.Percentile(latencies, 0.5):F2} ms | {LoopbackRun.Percentile(latencies, 0.99):F2} ms | {latencies.Average():F2} ms |"));
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
        await LoopbackRun.WriteReportAsync(Name, table);
        return 0;
    }

    private static async Task<(string Hash, string Secret)> InvoiceAsync(BenchNode payee, string label)
    {
        var invoice = await payee.RpcAsync("invoice", $"{{\"msatoshi\": 10000, \"label\": \"{label}\", \"description\": \"bench\"}}");
        return (invoice.GetProperty("payment_hash").GetString()!, invoice.GetProperty("payment_secret").GetString()!);
    }

    private static string SendPayParams(LoopbackNetwork network, int hops, string hash, string secret) =>
        $"{{\"route\": {network.RouteJson(hops, 10000)}, \"payment_hash\": \"{hash}\", \"payment_secret\": \"{secret}\"}}";
}
