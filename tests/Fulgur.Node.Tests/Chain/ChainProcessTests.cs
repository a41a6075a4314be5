using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Node.Chain;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Chain;

/// <summary>
/// fulgur-devchain and fulgurd as processes: fund the node, see it confirmed, withdraw, follow a reorg, and the
/// documented errors; a down backend and wrong credentials leave the node up with a clear log line. Skipped when no
/// fulgur-devchain binary is found (FULGUR_DEVCHAIN, else out/fulgur-devchain in the repository).
/// </summary>
public sealed class ChainProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<JsonElement> RpcAsync(DaemonProcess node, string method, string parameters)
    {
        using var client = await RawRpcClient.ConnectAsync(Path.Combine(node.LightningDir, "regtest", "lightning-rpc"));
        await client.SendAsync(RawRpcClient.Request(1, method, parameters));
        return await client.ReadAsync(Timeout);
    }

    private static async Task<JsonElement> ResultAsync(DaemonProcess node, string method, string parameters = "{}")
    {
        var response = await RpcAsync(node, method, parameters);
        Assert.True(response.TryGetProperty("result", out var result), $"{method} {parameters}: {response}");
        return result.Clone();
    }

    private static async Task<JsonElement> ErrorAsync(DaemonProcess node, string method, string parameters)
    {
        var response = await RpcAsync(node, method, parameters);
        Assert.True(response.TryGetProperty("error", out var error), $"{method} {parameters} should fail: {response}");
        return error.Clone();
    }

    /// <summary>Polls listfunds until <paramref name="condition"/> holds on its outputs.</summary>
    private static async Task<JsonElement> WaitForFundsAsync(DaemonProcess node, Func<JsonElement, bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        JsonElement outputs = default;
        while (!cts.IsCancellationRequested)
        {
            outputs = (await ResultAsync(node, "listfunds")).GetProperty("outputs");
            if (condition(outputs))
                return outputs;
            await Task.Delay(200, CancellationToken.None);
        }
        Assert.Fail($"timed out waiting for {what}; listfunds outputs: {outputs}");
        return outputs;
    }

    private static async Task WaitForHeightAsync(DaemonProcess node, int height)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var seen = -1;
        while (!cts.IsCancellationRequested)
        {
            seen = (await ResultAsync(node, "getinfo")).GetProperty("blockheight").GetInt32();
            if (seen == height)
                return;
            await Task.Delay(100, CancellationToken.None);
        }
        Assert.Fail($"getinfo blockheight stayed {seen}, expected {height}");
    }

    private static bool Has(JsonElement outputs, string txid, string status) =>
        outputs.EnumerateArray().Any(o => o.GetProperty("txid").GetString() == txid && o.GetProperty("status").GetString() == status);

    [SkippableFact]
    public async Task Fund_withdraw_and_follow_a_reorg_against_the_devchain()
    {
        using var dir = new TempDirectory();
        using var chain = await DevChainProcess.StartAsync(Path.Combine(dir.Path, "devchain"));
        await chain.MineAsync(101);
        using var node = await DaemonProcess.StartAsync(Path.Combine(dir.Path, "node"),
            $"--bitcoin-rpcport={chain.Port}", "--bitcoin-rpcuser=dev", "--bitcoin-rpcpassword=chain", "--dev-bitcoind-poll=1");
        try
        {
            var address = (await ResultAsync(node, "newaddr")).GetProperty("bech32").GetString()!;
            Assert.StartsWith("bcrt1q", address, StringComparison.Ordinal);
            var fundingTxid = (await chain.CallAsync("sendtoaddress", [address, 0.01m])).GetString()!;
            await chain.MineAsync(1);
            var outputs = await WaitForFundsAsync(node, o => Has(o, fundingTxid, "confirmed"), "the funding to confirm");
            var funded = outputs.EnumerateArray().Single(o => o.GetProperty("txid").GetString() == fundingTxid);
            Assert.Equal(1_000_000, funded.GetProperty("value").GetInt64());
            Assert.Equal(1_000_000_000, funded.GetProperty("amount_msat").GetInt64());
            Assert.Equal(address, funded.GetProperty("address").GetString());
            Assert.Equal(102, funded.GetProperty("blockheight").GetInt32());
            await WaitForHeightAsync(node, 102);

            // Documented errors.
            var error = await ErrorAsync(node, "withdraw", """{"destination": "bcrt1qnotanaddress", "satoshi": 1000}""");
            Assert.Equal(-32602, error.GetProperty("code").GetInt32());
            Assert.Contains("destination", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            error = await ErrorAsync(node, "withdraw", """{"destination": "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "satoshi": 1000}""");
            Assert.Equal(-32602, error.GetProperty("code").GetInt32());
            Assert.Contains("destination", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains("regtest", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            var payTo = (await chain.CallAsync("getnewaddress", [])).GetString()!;
            error = await ErrorAsync(node, "withdraw", $$"""{"destination": "{{payTo}}", "satoshi": 2000000}""");
            Assert.Equal(301, error.GetProperty("code").GetInt32());
            Assert.StartsWith("Could not afford 2000000sat", error.GetProperty("message").GetString(), StringComparison.Ordinal);

            // Withdraw to the devchain's wallet, mine, and see it confirmed on both sides.
            var withdraw = await ResultAsync(node, "withdraw", $$"""{"destination": "{{payTo}}", "satoshi": 300000, "feerate": "normal"}""");
            var txid = withdraw.GetProperty("txid").GetString()!;
            Assert.False(string.IsNullOrEmpty(withdraw.GetProperty("tx").GetString()));
            await WaitForFundsAsync(node, o => Has(o, txid, "unconfirmed") && !Has(o, fundingTxid, "confirmed"), "the change to be listed");
            await chain.MineAsync(1);
            var tx = await chain.CallAsync("getrawtransaction", [txid, true]);
            Assert.True(tx.GetProperty("confirmations").GetInt32() >= 1);
            await WaitForFundsAsync(node, o => Has(o, txid, "confirmed"), "the change to confirm");

            // Reorg: the block holding the withdraw leaves the chain; the change is unconfirmed, then confirmed again.
            var tip = (await chain.CallAsync("getbestblockhash", [])).GetString()!;
            await chain.CallAsync("invalidateblock", [tip]);
            await WaitForFundsAsync(node, o => Has(o, txid, "unconfirmed"), "the change to go back to unconfirmed");
            await chain.MineAsync(1);
            await WaitForFundsAsync(node, o => Has(o, txid, "confirmed"), "the change to confirm again");

            // A restart resumes from the persisted tip with the wallet intact.
            await node.CliJsonAsync("stop");
            Assert.Equal(0, await node.Process.WaitForExitAsync());
            await chain.MineAsync(1);
            using var restarted = await DaemonProcess.StartAsync(Path.Combine(dir.Path, "node"),
                $"--bitcoin-rpcport={chain.Port}", "--bitcoin-rpcuser=dev", "--bitcoin-rpcpassword=chain", "--dev-bitcoind-poll=1");
            await WaitForHeightAsync(restarted, 104);
            var after = (await ResultAsync(restarted, "listfunds")).GetProperty("outputs");
            Assert.True(Has(after, txid, "confirmed"), after.ToString());
            Assert.Equal(1, after.GetArrayLength());

            // withdraw.md's example needs funds, so it is replayed here rather than in RpcDocsTests.
            var page = Fulgur.Node.Rpc.RpcDocs.TryGetPage("withdraw")!;
            var blocks = Rpc.RpcDocsTests.JsonBlock().Matches(page[page.IndexOf("\n## Example\n", StringComparison.Ordinal)..])
                .Select(m => m.Groups[1].Value).ToList();
            using var exampleRequest = JsonDocument.Parse(blocks[0]);
            using var documented = JsonDocument.Parse(blocks[1]);
            var replayed = await ResultAsync(restarted, "withdraw", exampleRequest.RootElement.GetProperty("params").GetRawText());
            Assert.Equal(Rpc.RpcDocsTests.Shape(documented.RootElement), Rpc.RpcDocsTests.Shape(replayed));
        }
        catch
        {
            Console.Error.WriteLine(node.Process.Stderr);
            throw;
        }
    }

    [Fact]
    public async Task A_down_backend_is_logged_once_and_rpc_stays_up()
    {
        using var dir = new TempDirectory();
        using var node = await DaemonProcess.StartAsync(dir.Path,
            $"--bitcoin-rpcport={FakeBitcoind.FreePort()}", "--bitcoin-rpcuser=u", "--bitcoin-rpcpassword=p", "--dev-bitcoind-poll=1");
        await node.Process.WaitForStderrLineAsync(l => l.Contains("bitcoind backend unavailable", StringComparison.Ordinal), Timeout);
        var info = await ResultAsync(node, "getinfo");
        Assert.Equal(0, info.GetProperty("blockheight").GetInt32());
        Assert.StartsWith("bcrt1q", (await ResultAsync(node, "newaddr")).GetProperty("bech32").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, node.Process.Stderr.Split('\n').Count(l => l.Contains("bitcoind backend unavailable", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task Wrong_credentials_are_logged_clearly_and_rpc_stays_up()
    {
        using var dir = new TempDirectory();
        using var chain = await DevChainProcess.StartAsync(Path.Combine(dir.Path, "devchain"));
        using var node = await DaemonProcess.StartAsync(Path.Combine(dir.Path, "node"),
            $"--bitcoin-rpcport={chain.Port}", "--bitcoin-rpcuser=dev", "--bitcoin-rpcpassword=wrong", "--dev-bitcoind-poll=1");
        await node.Process.WaitForStderrLineAsync(l => l.Contains("refused our credentials", StringComparison.Ordinal), Timeout);
        Assert.Equal(0, (await ResultAsync(node, "getinfo")).GetProperty("blockheight").GetInt32());
    }
}
