using Fulgur.Bitcoin.Blocks;
using Fulgur.Node.Chain;
using Fulgur.Node.Config;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Chain;

public sealed class BitcoindClientTests
{
    private static BitcoindClient Client(int port, string? user, string? password, string cookie = "/nonexistent/.cookie") =>
        new(new BitcoindEndpoint(new Uri($"http://127.0.0.1:{port}/"), user, password, cookie), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Typed_calls_send_basic_auth_and_parse_bitcoind_shapes()
    {
        await using var server = new FakeBitcoind("alice", "secret");
        var chain = new ScriptedChain(3);
        var tip = chain.BlockAt(2);
        server.Handlers["getblockchaininfo"] = _ => ($$"""{"chain":"regtest","blocks":2,"headers":2,"bestblockhash":"{{tip.Hash}}"}""", null, null);
        server.Handlers["getblockhash"] = p => p[0].GetInt32() <= 2 ? ($"\"{chain.BlockAt(p[0].GetInt32()).Hash}\"", null, null) : (null, -8, "Block height out of range");
        server.Handlers["getblock"] = p => ($"\"{chain.BlockAt(2).ToHex()}\"", null, null);
        server.Handlers["estimatesmartfee"] = p => p[0].GetInt32() == 6 ? ("""{"feerate":0.00012,"blocks":6}""", null, null) : ("""{"errors":["Insufficient data or no feerate found"],"blocks":0}""", null, null);
        using var client = Client(server.Port, "alice", "secret");

        Assert.Equal(new ChainTip(new BlockHeight(2), tip.Hash), await client.GetTipAsync(CancellationToken.None));
        Assert.Equal("regtest", await client.GetChainNameAsync(CancellationToken.None));
        Assert.Equal(chain.BlockAt(1).Hash, await client.GetBlockHashAsync(new BlockHeight(1), CancellationToken.None));
        Assert.Null(await client.GetBlockHashAsync(new BlockHeight(3), CancellationToken.None));
        var block = await client.GetBlockAsync(tip.Hash, CancellationToken.None);
        Assert.Equal(tip.Hash, block.Hash);
        // 0.00012 BTC/kvB = 12000 sat/kvB = 3000 sat/kw.
        Assert.Equal(3000, (await client.EstimateSmartFeeAsync(6, EstimateMode.Economical, CancellationToken.None))!.Value.SatPerKw);
        Assert.Null(await client.EstimateSmartFeeAsync(2, EstimateMode.Conservative, CancellationToken.None));
    }

    [Fact]
    public async Task Gettxout_and_getrawtransaction_parse_results_and_unknowns()
    {
        await using var server = new FakeBitcoind("u", "p");
        var tx = ScriptedChain.Pay(Fulgur.Bitcoin.Scripts.Script.FromBytes([0x51]), new Fulgur.Bitcoin.Satoshi(12_345));
        server.Handlers["gettxout"] = p => p[1].GetInt32() == 0
            ? ("""{"bestblock":"00","confirmations":3,"value":0.00012345,"scriptPubKey":{"hex":"51","type":"nonstandard"},"coinbase":false}""", null, null)
            : ("null", null, null);
        server.Handlers["getrawtransaction"] = p => p[0].GetString() == tx.TxId.ToString()
            ? ($"\"{tx.ToHex()}\"", null, null)
            : (null, -5, "No such mempool or blockchain transaction");
        using var client = Client(server.Port, "u", "p");
        var info = await client.GetTxOutAsync(new Fulgur.Bitcoin.Transactions.OutPoint(tx.TxId, 0), CancellationToken.None);
        Assert.Equal(new TxOutInfo(new Fulgur.Bitcoin.Satoshi(12_345), 3, "51"), info);
        Assert.Null(await client.GetTxOutAsync(new Fulgur.Bitcoin.Transactions.OutPoint(tx.TxId, 1), CancellationToken.None));
        Assert.Equal(tx.TxId, (await client.GetRawTransactionAsync(tx.TxId, CancellationToken.None))!.TxId);
        Assert.Null(await client.GetRawTransactionAsync(Fulgur.Bitcoin.Transactions.TxId.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_block_whose_hash_differs_from_the_request_is_refused()
    {
        await using var server = new FakeBitcoind("u", "p");
        var chain = new ScriptedChain(2);
        server.Handlers["getblock"] = _ => ($"\"{chain.BlockAt(1).ToHex()}\"", null, null);
        using var client = Client(server.Port, "u", "p");
        await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetBlockAsync(chain.BlockAt(0).Hash, CancellationToken.None));
    }

    [Fact]
    public async Task Garbage_block_hex_is_an_error_not_a_crash()
    {
        await using var server = new FakeBitcoind("u", "p");
        server.Handlers["getblock"] = _ => ("\"00ff\"", null, null);
        using var client = Client(server.Port, "u", "p");
        var e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetBlockAsync(BlockHash.Zero, CancellationToken.None));
        Assert.Contains("unparseable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_file_is_used_without_rpcuser_and_reread_each_call()
    {
        await using var server = new FakeBitcoind("__cookie__", "abc123");
        server.Handlers["getblockcount"] = _ => ("7", null, null);
        using var dir = new TempDirectory();
        var cookie = BitcoindEndpoint.CookieFile(dir.Path, BitcoinNetwork.Regtest);
        Assert.Equal(Path.Combine(dir.Path, "regtest", ".cookie"), cookie);
        Directory.CreateDirectory(Path.GetDirectoryName(cookie)!);
        await File.WriteAllTextAsync(cookie, "__cookie__:abc123");
        using var client = Client(server.Port, null, null, cookie);
        var count = await client.CallAsync("getblockcount", [], CancellationToken.None);
        Assert.Equal(7, count.GetInt32());

        // bitcoind restarted with a new cookie.
        server.ExpectedAuth = Convert.ToBase64String("__cookie__:def456"u8);
        await File.WriteAllTextAsync(cookie, "__cookie__:def456\n");
        Assert.Equal(7, (await client.CallAsync("getblockcount", [], CancellationToken.None)).GetInt32());
    }

    [Fact]
    public async Task Wrong_credentials_and_a_missing_cookie_are_clear_errors()
    {
        await using var server = new FakeBitcoind("u", "p");
        server.Handlers["getblockcount"] = _ => ("1", null, null);
        using var wrong = Client(server.Port, "u", "wrong");
        var e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => wrong.CallAsync("getblockcount", [], CancellationToken.None));
        Assert.Contains("refused our credentials (HTTP 401)", e.Message, StringComparison.Ordinal);

        using var noCookie = Client(server.Port, null, null, "/nonexistent/regtest/.cookie");
        e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => noCookie.CallAsync("getblockcount", [], CancellationToken.None));
        Assert.Contains("cannot read cookie file /nonexistent/regtest/.cookie", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bitcoind_error_codes_are_surfaced()
    {
        await using var server = new FakeBitcoind("u", "p");
        server.Handlers["sendrawtransaction"] = _ => (null, -26, "min relay fee not met");
        using var client = Client(server.Port, "u", "p");
        var tx = ScriptedChain.Pay(Fulgur.Bitcoin.Scripts.Script.FromBytes([0x51]), new Fulgur.Bitcoin.Satoshi(1000));
        var e = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.SendRawTransactionAsync(tx, CancellationToken.None));
        Assert.Equal(-26, e.Code);
        Assert.Equal("min relay fee not met", e.RpcMessage);
        var unknown = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.CallAsync("nosuch", [], CancellationToken.None));
        Assert.Equal(-32601, unknown.Code);
    }

    [Fact]
    public async Task A_backend_that_is_down_is_unavailable_not_a_crash()
    {
        using var client = Client(FakeBitcoind.FreePort(), "u", "p");
        var e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetTipAsync(CancellationToken.None));
        Assert.Contains("cannot reach bitcoind", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fee_estimator_falls_back_to_2_sat_per_vbyte_and_never_goes_below_the_floor()
    {
        var chain = new ScriptedChain(1);
        var log = RecordingLogSink.Log(out _).For("chain");
        var fees = new FeeEstimator(chain, log);
        Assert.Equal(500, (await fees.GetFeeRateAsync(FeeTarget.Normal, CancellationToken.None)).SatPerKw);
        chain.Estimate = new FeeRateValue(100);
        Assert.Equal(253, (await fees.GetFeeRateAsync(FeeTarget.Urgent, CancellationToken.None)).SatPerKw);
        chain.Estimate = new FeeRateValue(5000);
        Assert.Equal(5000, (await fees.GetFeeRateAsync(FeeTarget.Slow, CancellationToken.None)).SatPerKw);
        chain.Down = true;
        Assert.Equal(500, (await fees.GetFeeRateAsync(FeeTarget.Normal, CancellationToken.None)).SatPerKw);
    }

    [Fact]
    public async Task The_broadcaster_rebroadcasts_until_confirmed_and_forgets_conflicted_transactions()
    {
        var chain = new ScriptedChain(1);
        var broadcaster = new Broadcaster(chain, RecordingLogSink.Log(out _).For("chain"));
        var a = ScriptedChain.Pay(Fulgur.Bitcoin.Scripts.Script.FromBytes([0x51]), new Fulgur.Bitcoin.Satoshi(1000), 1);
        var b = ScriptedChain.Pay(Fulgur.Bitcoin.Scripts.Script.FromBytes([0x51]), new Fulgur.Bitcoin.Satoshi(1000), 2);
        Assert.True((await broadcaster.BroadcastAsync(a, CancellationToken.None)).Accepted);
        Assert.True((await broadcaster.BroadcastAsync(b, CancellationToken.None)).Accepted);
        chain.Sent.Clear();
        chain.Mempool.Clear();
        for (var i = 0; i < Broadcaster.RebroadcastInterval; i++)
            await broadcaster.BlockConnectedAsync(chain.Mine(), chain.TipHeight, CancellationToken.None);
        Assert.Equal(2, chain.Sent.Count);

        // a confirms; a conflict of b (same input, different output) confirms.
        var conflict = new Fulgur.Bitcoin.Transactions.TransactionBuilder().AddInput(b.Inputs[0].PrevOut)
            .AddOutput(new Fulgur.Bitcoin.Satoshi(900), Fulgur.Bitcoin.Scripts.Script.FromBytes([0x52])).ToTransaction();
        await broadcaster.BlockConnectedAsync(chain.Mine(a, conflict), chain.TipHeight, CancellationToken.None);
        Assert.Empty(broadcaster.Unconfirmed);

        // The block holding a leaves the chain: a is sent again with the next block.
        var height = chain.TipHeight;
        await broadcaster.BlockDisconnectedAsync(chain.BlockAt((int)height.Value).Hash, height, CancellationToken.None);
        Assert.Equal([a.TxId], broadcaster.Unconfirmed);
        chain.Sent.Clear();
        chain.Mempool.Clear();
        chain.Disconnect(1);
        await broadcaster.BlockConnectedAsync(chain.Mine(), chain.TipHeight, CancellationToken.None);
        Assert.Equal(a.TxId, Assert.Single(chain.Sent).TxId);
    }
}
