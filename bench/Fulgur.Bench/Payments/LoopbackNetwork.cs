using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Fulgur.Bench.Payments;

/// <summary>A fulgurd process of the benchmark network, with a JSON-RPC client over its Unix socket.</summary>
internal sealed class BenchNode : IDisposable
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

    public async Task<JsonElement> CallAsync(string method, string parameters = "{}")
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Path.Combine(Directory, "regtest", "lightning-rpc")));
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
            if (end >= 0)
            {
                using var doc = JsonDocument.Parse(text[..end]);
                return doc.RootElement.Clone();
            }
        }
    }

    public async Task<JsonElement> RpcAsync(string method, string parameters = "{}")
    {
        var response = await CallAsync(method, parameters);
        return response.TryGetProperty("result", out var result)
            ? result
            : throw new InvalidOperationException($"{method} {parameters}: {response}");
    }

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
    private readonly Process _chain;
    private readonly HttpClient _http;

    private LoopbackNetwork(string root, Process chain, HttpClient http)
    {
        _root = root;
        _chain = chain;
        _http = http;
    }

    public List<BenchNode> Nodes { get; } = [];
    public List<string> Channels { get; } = [];

    /// <summary>The repository root (where out/ holds the apphosts), found upwards from the working directory.</summary>
    public static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fulgur.slnx")))
                return dir.FullName;
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<LoopbackNetwork> StartAsync(string fulgurd, string devchain, int nodes)
    {
        var root = Path.Combine("/tmp", "fbench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(root);
        var port = FreePort();
        var info = new ProcessStartInfo(devchain) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { $"--datadir={root}/chain", $"--rpcport={port}", "--rpcuser=dev", "--rpcpassword=chain" })
            info.ArgumentList.Add(a);
        var chain = Process.Start(info)!;
        _ = chain.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        while (await chain.StandardError.ReadLineAsync() is { } line && !line.Contains("ready", StringComparison.Ordinal))
        {
        }
        _ = chain.StandardError.BaseStream.CopyToAsync(Stream.Null);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes("dev:chain")));
        var network = new LoopbackNetwork(root, chain, http);
        try
        {
            await network.SetUpAsync(fulgurd, port, nodes);
            return network;
        }
        catch
        {
            // Nothing is left running when the network does not come up.
            await network.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(string fulgurd, int port, int nodes)
    {
        var network = this;
        await network.MineAsync(101);
        string[] args = [$"--bitcoin-rpcport={port}", "--bitcoin-rpcuser=dev", "--bitcoin-rpcpassword=chain", "--dev-bitcoind-poll=1",
            "--funding-confirms=1"];
        var started = Enumerable.Range(0, nodes).Select(i => BenchNode.StartAsync(fulgurd, $"{_root}/n{i}", FreePort(), args)).ToList();
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
        {
            var address = (await network.Nodes[i].RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
            await network.ChainAsync("sendtoaddress", $"[\"{address}\", 0.5]");
        }
        await network.MineAsync(1);
        for (var i = 0; i + 1 < nodes; i++)
        {
            var node = network.Nodes[i];
            await WaitAsync(async () => (await node.RpcAsync("listfunds")).GetProperty("outputs").EnumerateArray()
                .Any(o => o.GetProperty("status").GetString() == "confirmed"));
            var next = network.Nodes[i + 1];
            await node.RpcAsync("connect", $"{{\"id\": \"{next.Id}@127.0.0.1:{next.Port}\"}}");
            await node.RpcAsync("fundchannel", $"{{\"id\": \"{next.Id}\", \"amount\": 10000000}}");
        }
        await network.MineAsync(1);
        for (var i = 0; i + 1 < nodes; i++)
        {
            var (node, next) = (network.Nodes[i], network.Nodes[i + 1]);
            string? scid = null;
            await WaitAsync(async () =>
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
            });
            network.Channels.Add(scid!);
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the benchmark network did not come up");
            await Task.Delay(100);
        }
    }

    private async Task<JsonElement> ChainAsync(string method, string parameters)
    {
        using var content = new StringContent($"{{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"{method}\",\"params\":{parameters}}}", Encoding.UTF8,
            "application/json");
        using var response = await _http.PostAsync(new Uri("", UriKind.Relative), content);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("result").Clone();
    }

    private async Task MineAsync(int blocks)
    {
        var address = (await ChainAsync("getnewaddress", "[]")).GetString();
        await ChainAsync("generatetoaddress", $"[{blocks}, \"{address}\"]");
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
        try
        {
            _chain.Kill(entireProcessTree: true);
            await _chain.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _chain.Dispose();
        _http.Dispose();
        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
