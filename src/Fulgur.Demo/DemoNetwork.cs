using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Fulgur.Demo;

/// <summary>One fulgurd of the demo network and how to reach it.</summary>
internal sealed record DemoNode(string Name, string LightningDir, int Port, LightningRpc Rpc, Process Process)
{
    public string Id { get; set; } = "";
}

/// <summary>
/// The processes the demo starts — fulgur-devchain and the fulgurd nodes — in one working directory. Disposing stops
/// them (politely, then by force), so nothing is left running unless the caller keeps the network.
/// </summary>
internal sealed class DemoNetwork : IAsyncDisposable
{
    private const string RpcUser = "demo";
    private const string RpcPassword = "demo";
    private readonly List<Process> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _binDir;

    public DemoNetwork(string binDir, string workDir)
    {
        _binDir = binDir;
        WorkDir = workDir;
    }

    public string WorkDir { get; }

    public BitcoinRpc Chain { get; private set; } = null!;

    public int ChainPort { get; private set; }

    public List<DemoNode> Nodes { get; } = [];

    public bool Keep { get; set; }

    public async Task StartChainAsync(CancellationToken cancellationToken)
    {
        ChainPort = FreePort();
        var datadir = Path.Combine(WorkDir, "devchain");
        Directory.CreateDirectory(datadir);
        Start("fulgur-devchain", [$"--datadir={datadir}", $"--rpcport={ChainPort}", $"--rpcuser={RpcUser}", $"--rpcpassword={RpcPassword}"],
            Path.Combine(datadir, "devchain.log"));
        Chain = new BitcoinRpc(_http, new Uri($"http://127.0.0.1:{ChainPort}/"), RpcUser, RpcPassword);
        await WaitAsync("the devchain to answer", async () =>
        {
            try
            {
                return await Chain.CallAsync("getblockcount") is not null;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, cancellationToken);
    }

    public async Task<DemoNode> StartNodeAsync(string name, IReadOnlyList<string> extraArguments, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(WorkDir, name);
        Directory.CreateDirectory(dir);
        var port = FreePort();
        var process = Start("fulgurd",
        [
            $"--lightning-dir={dir}", "--network=regtest", $"--addr=127.0.0.1:{port}", $"--alias={name}",
            $"--bitcoin-rpcport={ChainPort}", $"--bitcoin-rpcuser={RpcUser}", $"--bitcoin-rpcpassword={RpcPassword}",
            "--dev-bitcoind-poll=1", "--funding-confirms=1", "--dev-fast-gossip", $"--log-file={Path.Combine(dir, "log")}",
            .. extraArguments,
        ], Path.Combine(dir, "stderr.log"));
        var node = new DemoNode(name, dir, port, new LightningRpc(Path.Combine(dir, "regtest", "lightning-rpc")), process);
        await WaitAsync($"{name} to answer getinfo", async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException($"fulgurd {name} exited with {process.ExitCode}; see {dir}/log");
            try
            {
                node.Id = (await node.Rpc.CallAsync("getinfo", cancellationToken: cancellationToken))["id"]!.GetValue<string>();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, cancellationToken);
        Nodes.Add(node);
        return node;
    }

    /// <summary>Mines <paramref name="blocks"/> blocks to a devchain wallet address.</summary>
    public async Task MineAsync(int blocks)
    {
        var address = (await Chain.CallAsync("getnewaddress"))!.GetValue<string>();
        await Chain.CallAsync("generatetoaddress", blocks, address);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; a condition, not a sleep, decides when a step is done.</summary>
    public static async Task WaitAsync(string what, Func<Task<bool>> condition, CancellationToken cancellationToken, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out after {timeoutSeconds} s waiting for {what}");
            await Task.Delay(100, cancellationToken);
        }
    }

    public static async Task<long> ConfirmedSatAsync(DemoNode node)
    {
        var funds = await node.Rpc.CallAsync("listfunds");
        return funds["outputs"]!.AsArray()
            .Where(o => o!["status"]!.GetValue<string>() == "confirmed")
            .Sum(o => o!["value"]!.GetValue<long>());
    }

    private Process Start(string program, IReadOnlyList<string> arguments, string stderrLog)
    {
        var info = new ProcessStartInfo(Path.Combine(_binDir, program))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["HOME"] = WorkDir;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var log = new StreamWriter(stderrLog) { AutoFlush = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (log)
                    log.WriteLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _processes.Add(process);
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Keep)
        {
            foreach (var node in Nodes)
            {
                try
                {
                    await node.Rpc.CallAsync("stop");
                }
                catch (Exception e) when (e is SocketException or RpcFailure or IOException)
                {
                    // Already gone; the kill below makes sure.
                }
            }
            try
            {
                if (Chain is not null)
                    await Chain.CallAsync("stop");
            }
            catch (Exception e) when (e is HttpRequestException or RpcFailure or TaskCanceledException)
            {
            }
            foreach (var process in _processes)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
                process.Dispose();
            }
        }
        _http.Dispose();
    }

    public static JsonObject Params(params (string Name, JsonNode? Value)[] values)
    {
        var result = new JsonObject();
        foreach (var (name, value) in values)
            result[name] = value;
        return result;
    }
}
