using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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

    public static bool IsSelected(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var filters = args.SkipWhile(a => a != "--filter").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (filters.Count == 0)
            return args.Length == 0;
        return filters.Any(f => f == "*" || Name.Contains(f.Trim('*'), StringComparison.OrdinalIgnoreCase)
            || "Htlc".Contains(f.Trim('*'), StringComparison.OrdinalIgnoreCase));
    }

    public static async Task<int> RunAsync(int sequential, int bursts, int burstSize)
    {
        var root = FindRoot();
        var devchain = Environment.GetEnvironmentVariable("FULGUR_DEVCHAIN") ?? (root is null ? null : Path.Combine(root, "out", "fulgur-devchain"));
        if (devchain is null || !File.Exists(devchain))
        {
            Console.Error.WriteLine($"{Name}: skipped (build out/fulgur-devchain with ./fulgur build)");
            return 0;
        }
        var dir = Path.Combine(Path.GetTempPath(), "fbench-htlc-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var port = FreePort();
        using var chain = StartChain(devchain, dir, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes("dev:chain")));
        try
        {
            await MineAsync(http, 101);
            string[] args = [$"--bitcoin-rpcport={port}", "--bitcoin-rpcuser=dev", "--bitcoin-rpcpassword=chain", "--dev-bitcoind-poll=1",
                "--funding-confirms=1"];
            await using var a = await BenchHost.StartAsync(Path.Combine(dir, "a"), args);
            await using var b = await BenchHost.StartAsync(Path.Combine(dir, "b"), args);
            var settler = new Fulfiller(b.Channels);
            b.Channels.AddHtlcListener(settler);
            var address = (await a.RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
            await ChainAsync(http, "sendtoaddress", $"[\"{address}\", 0.2]");
            await MineAsync(http, 1);
            await WaitAsync(async () => (await a.RpcAsync("listfunds")).GetProperty("outputs").EnumerateArray()
                .Any(o => o.GetProperty("status").GetString() == "confirmed"));
            await a.RpcAsync("connect", $"{{\"id\": \"{b.Id}@127.0.0.1:{b.Port}\"}}");
            var funded = await a.RpcAsync("fundchannel", $"{{\"id\": \"{b.Id}\", \"amount\": 16000000}}");
            var channel = ChannelId.Parse(funded.GetProperty("channel_id").GetString()!);
            await WaitAsync(async () => (await b.RpcAsync("listpeerchannels")).GetProperty("channels").GetArrayLength() == 1);
            await MineAsync(http, 1);
            foreach (var node in new[] { a, b })
            {
                await WaitAsync(async () => (await node.RpcAsync("listpeerchannels")).GetProperty("channels").EnumerateArray()
                    .Any(c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL"));
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
                $"| add+fulfill, one at a time | {sequential} | {sequential / sequentialSeconds:F1} | {Percentile(latencies, 0.5):F2} ms | {Percentile(latencies, 0.99):F2} ms |"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| add+fulfill, {burstSize} in flight together | {bursts * burstSize} | {bursts * burstSize / burstSeconds:F1} | {burstTimes.Order().ElementAt(burstTimes.Count / 2) * 1000:F0} ms per burst | |"));
            table.AppendLine();
            table.AppendLine("Two in-process nodes over BOLT 8 on loopback TCP, one channel, SQLite with synchronous=FULL on both; "
                + "a round trip is the add, both commitment dances and the fulfill.");
            var results = Path.Combine("BenchmarkDotNet.Artifacts", "results");
            Directory.CreateDirectory(results);
            await File.WriteAllTextAsync(Path.Combine(results, $"Fulgur.Bench.{Name}-report-github.md"), table.ToString());
            Console.WriteLine(table);
            return 0;
        }
        finally
        {
            chain.Kill(entireProcessTree: true);
            await chain.WaitForExitAsync();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
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

    private static Process StartChain(string devchain, string dir, int port)
    {
        var info = new ProcessStartInfo(devchain) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { $"--datadir={dir}/chain", $"--rpcport={port}", "--rpcuser=dev", "--rpcpassword=chain" })
            info.ArgumentList.Add(a);
        var chain = Process.Start(info) ?? throw new InvalidOperationException("fulgur-devchain did not start");
        _ = chain.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        while (chain.StandardError.ReadLine() is { } line && !line.Contains("ready", StringComparison.Ordinal))
        {
        }
        _ = chain.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return chain;
    }

    private static async Task<JsonElement> ChainAsync(HttpClient http, string method, string parameters)
    {
        using var content = new StringContent($"{{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"{method}\",\"params\":{parameters}}}", Encoding.UTF8,
            "application/json");
        using var response = await http.PostAsync(new Uri("", UriKind.Relative), content);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("result").Clone();
    }

    private static async Task MineAsync(HttpClient http, int blocks)
    {
        var address = (await ChainAsync(http, "getnewaddress", "[]")).GetString();
        await ChainAsync(http, "generatetoaddress", $"[{blocks}, \"{address}\"]");
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the benchmark channel did not come up");
            await Task.Delay(50);
        }
    }

    private static string? FindRoot()
    {
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Fulgur.slnx")))
                return d.FullName;
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

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
    private sealed class BenchHost : IAsyncDisposable
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

        public async Task<JsonElement> RpcAsync(string method, string parameters = "{}")
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(_host.Context.Config.RpcSocketPath));
            await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{parameters}}}"));
            var buffer = new List<byte>();
            var chunk = new byte[65536];
            while (true)
            {
                var n = await socket.ReceiveAsync(chunk);
                if (n == 0)
                    throw new IOException($"{method}: connection closed");
                buffer.AddRange(chunk.AsSpan(0, n));
                var text = Encoding.UTF8.GetString([.. buffer]);
                var end = text.IndexOf("\n\n", StringComparison.Ordinal);
                if (end < 0)
                    continue;
                using var doc = JsonDocument.Parse(text[..end]);
                return doc.RootElement.TryGetProperty("result", out var result)
                    ? result.Clone()
                    : throw new InvalidOperationException($"{method} {parameters}: {doc.RootElement}");
            }
        }

        public ValueTask DisposeAsync() => _host.DisposeAsync();
    }

    private sealed class QuietSink : ILogSink
    {
        public void Write(string line)
        {
        }
    }
}
