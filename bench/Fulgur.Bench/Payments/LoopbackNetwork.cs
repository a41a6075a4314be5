using System.Diagnostics;
using System.Text.Json;

namespace Fulgur.Bench.Payments;

/// <summary>A fulgurd process of the benchmark network, with a JSON-RPC client over its Unix socket.</summary>
internal sealed class BenchNode : ILoopbackNode, IDisposable
{
    private readonly Process _process;

    private BenchNode(Process process, string dir, string id, int port)
    {
        _process = process;
        Directory = dir;
        Id = id;
        Port = port;
    }

    public string Directory { get; }
    public string Id { get; }
    public int Port { get; }

    private string RpcPath => Path.Combine(Directory, "regtest", "lightning-rpc");

    public static async Task<BenchNode> StartAsync(string fulgurd, string dir, int port, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(fulgurd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args.Concat([$"--lightning-dir={dir}", $"--addr=127.0.0.1:{port}"]))
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("fulgurd did not start");
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await process.StandardError.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("fulgurd exited");
            const string Marker = "Server started with public key ";
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
                return new BenchNode(process, dir, line.Substring(at + Marker.Length, 66), port);
            }
        }
    }

    public Task<JsonElement> CallAsync(string method, string parameters = "{}") => LoopbackRun.CallAsync(RpcPath, method, parameters);

    public Task<JsonElement> RpcAsync(string method, string parameters = "{}") => LoopbackRun.RpcAsync(RpcPath, method, parameters);

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}

/// <summary>
/// fulgur-devchain and four fulgurd processes in a line (A–B–C–D) on loopback, each channel funded from the left
/// with 10,000,000 sat, all normal: what the sendpay benchmark pays over.
/// </summary>
internal sealed class LoopbackNetwork : IAsyncDisposable
{
    public const long FeeBase = 1000;
    public const long FeePpm = 10;
    public const uint CltvDelta = 34;

    private readonly string _root;
    private readonly DevChain _chain;

    private LoopbackNetwork(string root, DevChain chain)
    {
        _root = root;
        _chain = chain;
    }

    public List<BenchNode> Nodes { get; } = [];
    public List<string> Channels { get; } = [];

    public static async Task<LoopbackNetwork> StartAsync(string fulgurd, string devchain, int nodes)
    {
        var root = Path.Combine("/tmp", "fbench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(root);
        DevChain chain;
        try
        {
            chain = await DevChain.StartAsync(devchain, Path.Combine(root, "chain"));
        }
        catch
        {
            LoopbackRun.DeleteDirectory(root);
            throw;
        }
        var network = new LoopbackNetwork(root, chain);
        try
        {
            await network.SetUpAsync(fulgurd, nodes);
            return network;
        }
        catch
        {
            // Nothing is left running when the network does not come up.
            await network.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(string fulgurd, int nodes)
    {
        var network = this;
        var started = Enumerable.Range(0, nodes).Select(i => BenchNode.StartAsync(fulgurd, $"{_root}/n{i}", LoopbackRun.FreePort(), _chain.NodeArgs))
            .ToList();
        foreach (var node in started)
        {
            try
            {
                network.Nodes.Add(await node);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                // The others are still added (and so stopped) before the failure is reported.
                await Task.WhenAll(started.Where(t => t != node).Select(t => t.ContinueWith(done =>
                {
                    if (done.IsCompletedSuccessfully && !network.Nodes.Contains(done.Result))
                        network.Nodes.Add(done.Result);
                }, TaskScheduler.Default)));
                throw;
            }
        }
        for (var i = 0; i + 1 < nodes; i++)
            await _chain.SendToAsync(network.Nodes[i], 0.5m);
        await _chain.MineAsync(1);
        for (var i = 0; i + 1 < nodes; i++)
        {
            await LoopbackRun.WaitForFundsAsync(network.Nodes[i]);
            await LoopbackRun.FundChannelAsync(network.Nodes[i], network.Nodes[i + 1], 10_000_000);
        }
        await _chain.MineAsync(1);
        for (var i = 0; i + 1 < nodes; i++)
        {
            var (node, next) = (network.Nodes[i], network.Nodes[i + 1]);
            string? scid = null;
            await LoopbackRun.WaitAsync(async () =>
            {
                foreach (var (a, b) in new[] { (node, next), (next, node) })
                {
                    var ch = (await a.RpcAsync("listpeerchannels")).GetProperty("channels").EnumerateArray()
                        .FirstOrDefault(c => c.GetProperty("peer_id").GetString() == b.Id);
                    if (ch.ValueKind != JsonValueKind.Object || ch.GetProperty("state").GetString() != "CHANNELD_NORMAL"
                        || !ch.GetProperty("connected").GetBoolean() || !ch.TryGetProperty("short_channel_id", out var s))
                        return false;
                    scid = s.GetString();
                }
                return true;
            }, "the benchmark channels");
            network.Channels.Add(scid!);
        }
    }

    /// <summary>The sendpay route from node 0 to node <paramref name="to"/> delivering <paramref name="msat"/>.</summary>
    public string RouteJson(int to, long msat)
    {
        var hops = new List<string>();
        var amount = msat;
        uint delay = 10;
        for (var i = to; i >= 1; i--)
        {
            hops.Insert(0, $"{{\"id\": \"{Nodes[i].Id}\", \"channel\": \"{Channels[i - 1]}\", \"msatoshi\": {amount}, \"delay\": {delay}}}");
            amount += FeeBase + amount * FeePpm / 1_000_000;
            delay += CltvDelta;
        }
        return "[" + string.Join(", ", hops) + "]";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            node.Dispose();
        await _chain.DisposeAsync();
        LoopbackRun.DeleteDirectory(_root);
    }
}
