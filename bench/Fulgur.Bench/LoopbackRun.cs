using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Fulgur.Bench;

/// <summary>
/// What the measured loopback runs share (runs beside the BenchmarkDotNet classes: a network of nodes does not fit its
/// harness): selection by BenchmarkDotNet's <c>--filter</c>, the repository's apphosts, free ports, JSON-RPC over a
/// node's Unix socket, waiting for a node's funds and channels, and the report file.
/// </summary>
internal static class LoopbackRun
{
    /// <summary>
    /// Whether BenchmarkDotNet-style <paramref name="args"/> (<c>--filter</c> patterns) select the run
    /// <paramref name="name"/>, whose short form is <paramref name="keyword"/>.
    /// </summary>
    public static bool IsSelected(string[] args, string name, string keyword)
    {
        ArgumentNullException.ThrowIfNull(args);
        var filters = args.SkipWhile(a => a != "--filter").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (filters.Count == 0)
            return args.Length == 0;
        return filters.Any(f => f == "*" || name.Contains(f.Trim('*'), StringComparison.OrdinalIgnoreCase)
            || keyword.Contains(f.Trim('*'), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An apphost: the path in <paramref name="variable"/> when set, else out/<paramref name="name"/> of the repository.</summary>
    public static string Apphost(string variable, string name) =>
        Environment.GetEnvironmentVariable(variable) ?? Path.Combine(FindRoot() ?? Environment.CurrentDirectory, "out", name);

    /// <summary>The repository root (where out/ holds the apphosts), found upwards from the working directory.</summary>
    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fulgur.slnx")))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>Deletes a run's directory with everything in it, as far as it can.</summary>
    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One JSON-RPC call over a node's Unix socket: the whole response (result or error).</summary>
    public static async Task<JsonElement> CallAsync(string socketPath, string method, string parameters)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
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

    /// <summary>The result of a call that must succeed.</summary>
    public static async Task<JsonElement> RpcAsync(string socketPath, string method, string parameters)
    {
        var response = await CallAsync(socketPath, method, parameters);
        return response.TryGetProperty("result", out var result)
            ? result
            : throw new InvalidOperationException($"{method} {parameters}: {response}");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, for at most two minutes.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until <paramref name="node"/>'s wallet holds a confirmed output.</summary>
    public static Task WaitForFundsAsync(ILoopbackNode node) =>
        WaitAsync(async () => (await node.RpcAsync("listfunds")).GetProperty("outputs").EnumerateArray()
            .Any(o => o.GetProperty("status").GetString() == "confirmed"), "the funds of a benchmark node");

    /// <summary>Connects <paramref name="from"/> to <paramref name="to"/> and funds a channel of <paramref name="satoshi"/>; returns fundchannel's answer.</summary>
    public static async Task<JsonElement> FundChannelAsync(ILoopbackNode from, ILoopbackNode to, long satoshi)
    {
        await from.RpcAsync("connect", $"{{\"id\": \"{to.Id}@127.0.0.1:{to.Port}\"}}");
        return await from.RpcAsync("fundchannel", $"{{\"id\": \"{to.Id}\", \"amount\": {satoshi}}}");
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Writes the run's table where ./fulgur bench gathers BenchmarkDotNet's, so it lands in the same report, and prints it.</summary>
    public static async Task WriteReportAsync(string name, StringBuilder table)
    {
        var results = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, $"Fulgur.Bench.{name}-report-github.md"), table.ToString());
        Console.WriteLine(table);
    }
}

/// <summary>A node of a loopback run, in process or a fulgurd process: its id, its listening port and its RPC.</summary>
internal interface ILoopbackNode
{
    string Id { get; }

    int Port { get; }

    /// <summary>The result of a call that must succeed.</summary>
    Task<JsonElement> RpcAsync(string method, string parameters = "{}");
}

/// <summary>
/// A fulgur-devchain process on a free port (RPC user dev, password chain) with 101 blocks mined, so that its coinbase
/// is spendable; stopped with everything it spawned on dispose.
/// </summary>
internal sealed class DevChain : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private DevChain(Process process, HttpClient http, int port)
    {
        _process = process;
        _http = http;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The node options pointing at this chain (polled every second), channels usable after one confirmation.</summary>
    public string[] NodeArgs => [$"--bitcoin-rpcport={Port}", "--bitcoin-rpcuser=dev", "--bitcoin-rpcpassword=chain", "--dev-bitcoind-poll=1",
        "--funding-confirms=1"];

    public static async Task<DevChain> StartAsync(string devchain, string datadir)
    {
        var port = LoopbackRun.FreePort();
        var info = new ProcessStartInfo(devchain) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { $"--datadir={datadir}", $"--rpcport={port}", "--rpcuser=dev", "--rpcpassword=chain" })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("fulgur-devchain did not start");
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        while (await process.StandardError.ReadLineAsync() is { } line && !line.Contains("ready", StringComparison.Ordinal))
        {
        }
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes("dev:chain")));
        var chain = new DevChain(process, http, port);
        try
        {
            await chain.MineAsync(101);
            return chain;
        }
        catch
        {
            await chain.DisposeAsync();
            throw;
        }
    }

    public async Task<JsonElement> CallAsync(string method, string parameters)
    {
        using var content = new StringContent($"{{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"{method}\",\"params\":{parameters}}}", Encoding.UTF8,
            "application/json");
        using var response = await _http.PostAsync(new Uri("", UriKind.Relative), content);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("result").Clone();
    }

    /// <summary>Sends <paramref name="btc"/> to a new address of <paramref name="node"/>'s wallet, confirmed by the next block mined.</summary>
    public async Task SendToAsync(ILoopbackNode node, decimal btc)
    {
        var address = (await node.RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
        await CallAsync("sendtoaddress", string.Create(CultureInfo.InvariantCulture, $"[\"{address}\", {btc}]"));
    }

    public async Task MineAsync(int blocks)
    {
        var address = (await CallAsync("getnewaddress", "[]")).GetString();
        await CallAsync("generatetoaddress", $"[{blocks}, \"{address}\"]");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _http.Dispose();
    }
}
