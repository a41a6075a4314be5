using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Fulgur.DevChain.Tests;

/// <summary>
/// The fulgur-devchain apphost as a process on a free loopback port with a temporary datadir, spoken to over HTTP
/// JSON-RPC. FULGUR_DEVCHAIN names the executable to test (e.g. out/fulgur-devchain); by default the apphost built
/// beside these tests.
/// </summary>
public sealed class ProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "devchain-proc-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = Timeout };
    private readonly int _port = FreePort();
    private Process? _process;
    private readonly StringBuilder _stderr = new();

    public void Dispose()
    {
        if (_process is { HasExited: false })
            _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Executable() =>
        Environment.GetEnvironmentVariable("FULGUR_DEVCHAIN") is { Length: > 0 } path
            ? path
            : Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "fulgur-devchain.exe" : "fulgur-devchain");

    private Process Start(params string[] args)
    {
        lock (_stderr)
            _stderr.Clear();
        var info = new ProcessStartInfo(Executable()) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                    _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Starts the chain and waits for its ready line on stderr.</summary>
    private async Task StartChainAsync(params string[] extra)
    {
        _process = Start([$"--datadir={_dataDirectory}", "--rpcbind=127.0.0.1", $"--rpcport={_port}", .. extra]);
        using var cts = new CancellationTokenSource(Timeout);
        while (!StderrContains("ready:"))
        {
            Assert.False(_process.HasExited, "devchain exited: " + Stderr());
            await Task.Delay(20, cts.Token);
        }
    }

    private bool StderrContains(string text)
    {
        lock (_stderr)
            return _stderr.ToString().Contains(text, StringComparison.Ordinal);
    }

    private string Stderr()
    {
        lock (_stderr)
            return _stderr.ToString();
    }

    private string Cookie() => File.ReadAllText(Path.Combine(_dataDirectory, "regtest", ".cookie"));

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string body, string? credentials = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_port}/")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials ?? Cookie())));
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<JsonNode?> CallAsync(string method, params JsonNode?[] args)
    {
        var body = new JsonObject { ["jsonrpc"] = "1.0", ["id"] = "t", ["method"] = method, ["params"] = new JsonArray(args) };
        var (status, reply) = await PostAsync(body.ToJsonString());
        Assert.True(status == HttpStatusCode.OK, $"{method}: HTTP {status} {reply?.ToJsonString()}");
        Assert.Null(reply!["error"]);
        return reply["result"];
    }

    [Fact]
    public async Task CookieAuth_Generate_GetBlock_Send_Stop()
    {
        await StartChainAsync();
        Assert.StartsWith("__cookie__:", Cookie());

        // Wrong password: 401.
        var (status, _) = await PostAsync("""{"method":"getblockcount","params":[],"id":1}""", "__cookie__:wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        var address = (await CallAsync("getnewaddress"))!.GetValue<string>();
        var hashes = (await CallAsync("generatetoaddress", 101, address))!.AsArray();
        Assert.Equal(101, hashes.Count);
        Assert.Equal(101, (await CallAsync("getblockcount"))!.GetValue<int>());
        var block = (await CallAsync("getblock", hashes[0]!.GetValue<string>(), 2))!;
        foreach (var field in new[] { "hash", "confirmations", "height", "version", "versionHex", "merkleroot", "time", "mediantime",
                     "nonce", "bits", "difficulty", "chainwork", "nTx", "previousblockhash", "nextblockhash", "strippedsize", "size", "weight", "tx" })
            Assert.NotNull(block[field]);
        Assert.Equal(1, block["height"]!.GetValue<int>());

        var txid = (await CallAsync("sendtoaddress", address, 1.25m))!.GetValue<string>();
        Assert.Contains((await CallAsync("getrawmempool"))!.AsArray(), t => t!.GetValue<string>() == txid);
        await CallAsync("generatetoaddress", 1, address);
        var raw = (await CallAsync("getrawtransaction", txid, true))!;
        Assert.Equal(1, raw["confirmations"]!.GetValue<int>());
        Assert.Empty((await CallAsync("getrawmempool"))!.AsArray());

        // JSON-RPC 2.0, batches and errors in bitcoind's shape.
        var (batchStatus, batch) = await PostAsync(
            """[{"jsonrpc":"2.0","method":"getblockcount","id":1},{"jsonrpc":"2.0","method":"nosuch","id":2}]""");
        Assert.Equal(HttpStatusCode.OK, batchStatus);
        Assert.Equal(102, batch![0]!["result"]!.GetValue<int>());
        Assert.Equal(-32601, batch[1]!["error"]!["code"]!.GetValue<int>());
        var (errorStatus, error) = await PostAsync("""{"method":"sendrawtransaction","params":["00"],"id":7}""");
        Assert.Equal(HttpStatusCode.InternalServerError, errorStatus);
        Assert.Equal(-22, error!["error"]!["code"]!.GetValue<int>());
        Assert.Equal(7, error["id"]!.GetValue<int>());
        Assert.True(error.AsObject().ContainsKey("result"));

        Assert.Equal("Bitcoin Core stopping", (await CallAsync("stop"))!.GetValue<string>());
        using var cts = new CancellationTokenSource(Timeout);
        await _process!.WaitForExitAsync(cts.Token);
        Assert.Equal(0, _process.ExitCode);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "regtest", ".cookie")));

        // Restarted, the chain is still there.
        await StartChainAsync("--rpcuser=u", "--rpcpassword=p");
        var (_, count) = await PostAsync("""{"method":"getblockcount","params":[],"id":1}""", "u:p");
        Assert.Equal(102, count!["result"]!.GetValue<int>());
        _process!.Kill();
    }

    [Fact]
    public async Task Sigterm_ExitsZero()
    {
        await StartChainAsync();
        using (var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(cts.Token);
        Assert.Equal(0, _process.ExitCode);
    }

    [Fact]
    public async Task Blocktime_MinesOnItsOwn()
    {
        await StartChainAsync("--blocktime=1");
        using var cts = new CancellationTokenSource(Timeout);
        while ((await CallAsync("getblockcount"))!.GetValue<int>() < 2)
            await Task.Delay(50, cts.Token);
        _process!.Kill();
    }

    [Theory]
    [InlineData("--nosuch=1", "unknown option --nosuch")]
    [InlineData("--rpcport=99999", "--rpcport")]
    [InlineData("--rpcuser=a", "--rpcuser and --rpcpassword go together")]
    public async Task BadOption_ClearMessage_NonZeroExit(string option, string message)
    {
        _process = Start(option);
        using var cts = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(cts.Token);
        Assert.NotEqual(0, _process.ExitCode);
        Assert.Contains(message, Stderr());
    }
}
