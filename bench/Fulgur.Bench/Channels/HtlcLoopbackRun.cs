using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fulgur.Crypto;
using Fulgur.Node;
using Fulgur.Node.Channels;
using Fulgur.Node.Config;
using Fulgur.Node.Logging;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Bench.Channels;

/// <summary>
/// HTLC add+settle round trips over one channel (a measured run beside the BenchmarkDotNet classes): two in-process
/// nodes talking BOLT 8 over loopback TCP, every step committed to SQLite (synchronous=FULL) before it is sent, a
/// fulgur-devchain process for the funding. A offers through the channel manager's internal HTLC API, B fulfils from
/// its listener; one round trip is update_add_htlc, commitment_signed/revoke_and_ack both ways, update_fulfill_htlc
/// and the second dance. Sequentially (one HTLC at a time), then in bursts of 100 offered together, which the
/// mailbox batches into shared commitments.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class HtlcLoopbackRun
{
    private const string Name = "Channels.HtlcLoopback";

    public static bool IsSelected(string[] args) => LoopbackRun.IsSelected(args, Name, "Htlc");

    public static async Task<int> RunAsync(int sequential, int bursts, int burstSize)
    {
        var devchain = LoopbackRun.Apphost("FULGUR_DEVCHAIN", "fulgur-devchain");
        if (!File.Exists(devchain))
        {
            Console.Error.WriteLine($"{Name}: skipped (build out/fulgur-devchain with ./fulgur build)");
            return 0;
        }
        var dir = Path.Combine(Path.GetTempPath(), "fbench-htlc-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            await using var chain = await DevChain.StartAsync(devchain, Path.Combine(dir, "chain"));
            await using var a = await BenchHost.StartAsync(Path.Combine(dir, "a"), chain.NodeArgs);
            await using var b = await BenchHost.StartAsync(Path.Combine(dir, "b"), chain.NodeArgs);
            var settler = new Fulfiller(b.Channels);
            b.Channels.AddHtlcListener(settler);
            await chain.SendToAsync(a, 0.2m);
            await chain.MineAsync(1);
            await LoopbackRun.WaitForFundsAsync(a);
            var funded = await LoopbackRun.FundChannelAsync(a, b, 16_000_000);
            var channel = ChannelId.Parse(funded.GetProperty("channel_id").GetString()!);
            await LoopbackRun.WaitAsync(async () => (await b.RpcAsync("listpeerchannels")).GetProperty("channels").GetArrayLength() == 1,
                "the channel at B");
            await chain.MineAsync(1);
            foreach (var node in new[] { a, b })
            {
                await LoopbackRun.WaitAsync(async () => (await node.RpcAsync("listpeerchannels")).GetProperty("channels").EnumerateArray()
                    .Any(c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL"), "the benchmark channel");
            }
            var expiry = new CltvExpiry(a.Height + 100);
            // Every HTLC pays an invoice of B with a real onion, so B's HTLC switch settles it as a payment would be
            // (the listener fulfils it too: whichever comes first wins, the other is refused).
            var payments = new Queue<Payment>();
            for (var i = 0; i < 20 + sequential + bursts * burstSize; i++)
                payments.Enqueue(await PrepareAsync(b, settler, expiry, i));

            // Warm-up, then one at a time.
            for (var i = 0; i < 20; i++)
                await PayAsync(a, channel, payments.Dequeue());
            var latencies = new List<double>();
            var all = Stopwatch.StartNew();
            for (var i = 0; i < sequential; i++)
            {
                var one = Stopwatch.StartNew();
                await PayAsync(a, channel, payments.Dequeue());
                latencies.Add(one.Elapsed.TotalMilliseconds);
            }
            var sequentialSeconds = all.Elapsed.TotalSeconds;
            latencies.Sort();

            // Bursts: burstSize HTLCs offered at once, all awaited.
            var burstTimes = new List<double>();
            for (var round = 0; round < bursts; round++)
            {
                var batch = Enumerable.Range(0, burstSize).Select(_ => payments.Dequeue()).ToList();
                var burst = Stopwatch.StartNew();
                await Task.WhenAll(batch.Select(p => PayAsync(a, channel, p)));
                burstTimes.Add(burst.Elapsed.TotalSeconds);
            }
            var burstSeconds = burstTimes.Sum();

            var table = new StringBuilder();
            table.AppendLine("| what | HTLCs | round trips/s | median | p99 |");
            table.AppendLine("|---|---:|---:|---:|---:|");
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| add+fulfill, one at a time | {sequential} | {sequential / sequentialSeconds:F1} | {LoopbackRun.Percentile(latencies, 0.5):F2} ms | {LoopbackRun.Percentile(latencies, 0.99):F2} ms |"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| add+fulfill, {burstSize} in flight together | {bursts * burstSize} | {bursts * burstSize / burstSeconds:F1} | {burstTimes.Order().ElementAt(burstTimes.Count / 2) * 1000:F0} ms per burst | |"));
            table.AppendLine();
            table.AppendLine("Two in-process nodes over BOLT 8 on loopback TCP, one channel, SQLite with synchronous=FULL on both; "
                + "a round trip is the add, both commitment dances and the fulfill.");
            await LoopbackRun.WriteReportAsync(Name, table);
            return 0;
        }
        finally
        {
            LoopbackRun.DeleteDirectory(dir);
        }
    }

    private sealed record Payment(PaymentHash Hash, CltvExpiry Expiry, ByteVector Onion);

    private static async Task<Payment> PrepareAsync(BenchHost payee, Fulfiller settler, CltvExpiry expiry, int index)
    {
        var preimage = Preimage.FromSpan(RandomNumberGenerator.GetBytes(32));
        settler.Know(preimage);
        var invoice = await payee.RpcAsync("invoice",
            $"{{\"amount_msat\": {Amount.Value}, \"label\": \"bench-{index}\", \"description\": \"bench\", \"preimage\": \"{preimage}\"}}");
        if (!PaymentSecret.TryParse(invoice.GetProperty("payment_secret").GetString(), out var secret))
            throw new InvalidOperationException("invoice without payment_secret");
        using var session = PrivateKey.Generate();
        var payload = HopPayload.ForFinalNode(Amount, expiry, new PaymentData(secret, Amount)).ToArray();
        var packet = SphinxBuilder.Build(session, [new SphinxHop(payee.Key, payload)], preimage.Hash.ToArray()).Packet;
        return new Payment(preimage.Hash, expiry, new ByteVector(packet.ToArray()));
    }

    private static readonly MilliSatoshi Amount = new(10_000);

    private static async Task PayAsync(BenchHost from, ChannelId channel, Payment payment)
    {
        var added = await from.Channels.AddHtlcAsync(channel, Amount, payment.Hash, payment.Expiry, payment.Onion);
        if (!added.Added)
            throw new InvalidOperationException($"HTLC refused: {added.Refusal}");
        var outcome = await added.Outcome!.WaitAsync(TimeSpan.FromSeconds(60));
        if (!outcome.Fulfilled)
            throw new InvalidOperationException($"HTLC failed: {outcome.Failure}");
    }

    /// <summary>Fulfils each incoming HTLC whose preimage it was told; never awaits the mailbox it is called from.</summary>
    private sealed class Fulfiller(ChannelManager channels) : IChannelHtlcListener
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<PaymentHash, Preimage> _preimages = new();

        public void Know(Preimage preimage) => _preimages[preimage.Hash] = preimage;

        public Task OnHtlcEventAsync(ChannelId channelId, ShortChannelId? shortChannelId, ChannelEvent htlcEvent)
        {
            if (htlcEvent is IncomingHtlcLocked locked && _preimages.TryRemove(locked.PaymentHash, out var preimage))
                _ = channels.FulfillHtlcAsync(channelId, locked.Id, preimage);
            return Task.CompletedTask;
        }
    }

    /// <summary>An in-process node with its RPC socket and its channel manager.</summary>
    private sealed class BenchHost : ILoopbackNode, IAsyncDisposable
    {
        private readonly NodeHost _host;

        private BenchHost(NodeHost host, ChannelManager channels)
        {
            _host = host;
            Channels = channels;
        }

        public ChannelManager Channels { get; }

        public string Id => _host.Identity.NodeId.ToHex();

        public PublicKey Key => _host.Identity.NodeId;

        public int Port => _host.Context.Status.Bindings[0].Port;

        public uint Height => _host.Context.Status.BlockHeight;

        public static async Task<BenchHost> StartAsync(string dir, string[] args)
        {
            Directory.CreateDirectory(dir);
            if (!ConfigLoader.TryLoad([$"--lightning-dir={dir}", "--addr=127.0.0.1:0", .. args], dir, out var config, out var error))
                throw new InvalidOperationException(error);
            var host = await NodeHost.StartAsync(config, new NodeLog(new QuietSink(), LogLevel.Unusual, TimeProvider.System), TimeProvider.System,
                CancellationToken.None);
            return new BenchHost(host, host.Component<ChannelManager>());
        }

        public Task<JsonElement> RpcAsync(string method, string parameters = "{}") =>
            LoopbackRun.RpcAsync(_host.Context.Config.RpcSocketPath, method, parameters);

        public ValueTask DisposeAsync() => _host.DisposeAsync();
    }

    private sealed class QuietSink : ILogSink
    {
        public void Write(string line)
        {
        }
    }
}
