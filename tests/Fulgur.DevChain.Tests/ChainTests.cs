using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.DevChain.Chain;
using Fulgur.DevChain.Rpc;

namespace Fulgur.DevChain.Tests;

/// <summary>Mining, reorgs through invalidateblock, restart persistence, the faucet wallet and RPC shapes.</summary>
public sealed class ChainTests : IDisposable
{
    private readonly ChainFixture _f = new(matureBlocks: 101);

    public void Dispose() => _f.Dispose();

    [Fact]
    public void MinedBlocks_HavePowMerkleRootBip34AndWitnessCommitment()
    {
        var (op, output) = _f.Coinbase(1);
        _f.Call("sendrawtransaction", _f.Spend(op, output).ToHex());
        _f.Chain.Generate(1, _f.KeyScript);
        var active = _f.Chain.Active;
        for (var h = 1; h <= active.Height; h++)
        {
            var block = active[h].Block;
            Assert.Equal(ConsensusRules.RegtestBits, block.Header.Bits);
            Assert.True(block.Header.Bits.IsMetBy(block.Hash, Network.Regtest.PowLimit));
            Assert.Equal(active[h - 1].Hash, block.Header.PreviousBlock);
            Assert.Equal(block.ComputeMerkleRoot(out var mutated), block.Header.MerkleRoot);
            Assert.False(mutated);
            Assert.True(ConsensusRules.HasHeightPrefix(block.Transactions[0], h));
            Assert.True(WitnessCommitment.TryValidate(block.Transactions, out _));
            Assert.True(WitnessCommitment.TryFind(block.Transactions[0], out _, out _));
            Assert.True(Block.TryParse(block.ToBytes(), out var reparsed, out _));
            Assert.Equal(block.Hash, reparsed.Hash);
        }
        // The last block carries the witness spend and pays subsidy plus its fee.
        Assert.Equal(2, active.Tip.Block.Transactions.Length);
        Assert.Equal(ConsensusRules.BlockSubsidy(active.Height) + new Satoshi(1_000), active.Tip.Block.Transactions[0].Outputs[0].Value);
    }

    [Fact]
    public void TamperedBlock_Refused_AndNothingChanges()
    {
        var good = Mining.BlockAssembler.Assemble(_f.Chain.Active, [], _f.KeyScript, 1_800_000_000);
        var height = _f.Chain.Active.Height;
        var badMerkle = new Block(good.Header with { MerkleRoot = Fulgur.Bitcoin.Encoding.Hash256.Zero }, good.Transactions);
        Assert.False(_f.Chain.Active.TryConnect(badMerkle, out var error));
        Assert.True(error is "bad-txnmrklroot" or "high-hash");
        var wrongHeight = Mining.BlockAssembler.Assemble(_f.Chain.Active, [], _f.KeyScript, 1_800_000_000);
        var coinbase = wrongHeight.Transactions[0];
        var cb = coinbase.WithInput(0, coinbase.Inputs[0] with { ScriptSig = ConsensusRules.CoinbaseScriptSig(height + 7) });
        Assert.False(_f.Chain.Active.TryConnect(new Block(wrongHeight.Header, [cb]), out _));
        Assert.Equal(height, _f.Chain.Active.Height);
        Assert.True(_f.Chain.Active.TryConnect(good, out error), error);
    }

    [Fact]
    public void InvalidateBlock_Reorgs_ReturningTransactionsToMempool()
    {
        var (op, output) = _f.Coinbase(1);
        var tx = _f.Spend(op, output);
        _f.Call("sendrawtransaction", tx.ToHex());
        var mined = _f.Chain.Generate(2, _f.KeyScript);
        Assert.Equal(0, _f.Chain.Pool.Count);
        var heightBefore = _f.Chain.Active.Height;
        Assert.Null(_f.Call("invalidateblock", mined[0].ToString()));
        Assert.Equal(heightBefore - 2, _f.Chain.Active.Height);
        Assert.True(_f.Chain.Pool.Contains(tx.TxId));
        Assert.False(_f.Chain.Active.TryFindTransaction(tx.TxId, out _, out _));
        // A spend of the now-missing coinbase of the invalidated block would be refused; the coin is back unspent.
        Assert.True(_f.Chain.Active.TryGetCoin(op, out _));
        var replacement = _f.Chain.Generate(1, _f.KeyScript)[0];
        Assert.NotEqual(mined[0], replacement);
        Assert.True(_f.Chain.Active.TryFindTransaction(tx.TxId, out _, out _));
        Assert.Equal(RpcErrorCode.InvalidAddressOrKey, _f.CallFails("invalidateblock", mined[1].ToString()).Code);
    }

    [Fact]
    public void InvalidateBlock_DropsSpendsOfCoinbasesThatBecomeImmature()
    {
        // The coinbase at height 3 may be spent in block 103 (tip 102); its spend goes to the mempool and stays valid only while mature.
        var (op, output) = _f.Coinbase(3);
        var tx = _f.Spend(op, output);
        Assert.Equal(RpcErrorCode.VerifyRejected, _f.CallFails("sendrawtransaction", tx.ToHex()).Code);
        _f.Chain.Generate(1, _f.KeyScript);
        _f.Call("sendrawtransaction", tx.ToHex());
        _f.Call("invalidateblock", _f.Chain.Active.Tip.Hash.ToString());
        Assert.False(_f.Chain.Pool.Contains(tx.TxId));
    }

    [Fact]
    public void Restart_ReloadsAndRevalidatesTheChain()
    {
        var (op, output) = _f.Coinbase(1);
        var tx = _f.Spend(op, output);
        _f.Call("sendrawtransaction", tx.ToHex());
        _f.Chain.Generate(3, _f.KeyScript);
        var tip = _f.Chain.Active.Tip.Hash;
        var height = _f.Chain.Active.Height;
        var address = _f.Call("getnewaddress")!.GetValue<string>();
        _f.Restart();
        Assert.Equal(height, _f.Chain.Active.Height);
        Assert.Equal(tip, _f.Chain.Active.Tip.Hash);
        Assert.Null(_f.Chain.LoadError);
        Assert.True(_f.Chain.Active.TryFindTransaction(tx.TxId, out _, out _));
        Assert.False(_f.Chain.Active.TryGetCoin(op, out _));
        // The wallet remembers the addresses it gave out.
        Assert.True(Address.TryParse(address, Network.Regtest, out var script, out _));
        Assert.True(_f.Chain.Wallet.IsMine(script));
        // After an invalidation the file is cut too.
        _f.Call("invalidateblock", _f.Chain.Active[height - 1].Hash.ToString());
        _f.Restart();
        Assert.Equal(height - 2, _f.Chain.Active.Height);
    }

    [Fact]
    public void Restart_KeepsTheMempool()
    {
        var (op, output) = _f.Coinbase(1);
        var tx = _f.Spend(op, output);
        _f.Call("sendrawtransaction", tx.ToHex());
        _f.Restart();
        Assert.True(_f.Chain.Pool.Contains(tx.TxId));
    }

    [Fact]
    public void TornBlockFile_TailDroppedOnLoad()
    {
        var height = _f.Chain.Active.Height;
        _f.Chain.Dispose();
        var path = Path.Combine(_f.DataDirectory, "regtest", "blocks.dat");
        using (var file = new FileStream(path, FileMode.Append))
            file.Write([0xfa, 0xbf, 0xb5, 0xda, 0xff, 0x00, 0x00, 0x00, 0x01]);
        _f.Restart();
        Assert.Equal(height, _f.Chain.Active.Height);
    }

    [Fact]
    public void Wallet_SendToAddress_WithChange_ThenMined()
    {
        var faucet = _f.Call("getnewaddress")!.GetValue<string>();
        _f.Call("generatetoaddress", 101, faucet);
        Assert.Equal(50m, _f.Call("getbalance")!.GetValue<decimal>());
        var destination = Address.Format(StandardScripts.P2Wpkh(_f.Key.PublicKey), Network.Regtest);
        var txid = _f.Call("sendtoaddress", destination, 1.5m)!.GetValue<string>();
        var tx = _f.Chain.Pool.Entries.Single().Transaction;
        Assert.Equal(txid, tx.TxId.ToString());
        Assert.Equal(2, tx.Outputs.Length);
        var fee = _f.Chain.Pool.Entries[0].Fee;
        Assert.True(fee.Value >= tx.VirtualSize * 2, $"fee {fee} for {tx.VirtualSize} vB");
        // Change is trusted immediately, as in bitcoind; a second send can spend it.
        Assert.Equal(50m - 1.5m - fee.ToBtc(), _f.Call("getbalance")!.GetValue<decimal>());
        _f.Call("sendtoaddress", destination, 2m);
        Assert.Equal(2, _f.Chain.Pool.Count);
        _f.Call("generatetoaddress", 1, destination);
        Assert.Equal(0, _f.Chain.Pool.Count);
        var gettxout = _f.Call("gettxout", txid, tx.Outputs[0].ScriptPubKey == StandardScripts.P2Wpkh(_f.Key.PublicKey) ? 0 : 1)!;
        Assert.Equal(1.5m, gettxout["value"]!.GetValue<decimal>());
        Assert.Equal(2, gettxout["confirmations"]!.GetValue<int>() + 1);
        Assert.Equal(RpcErrorCode.WalletInsufficientFunds, _f.CallFails("sendtoaddress", destination, 1000m).Code);
        Assert.Contains(_f.Call("listunspent")!.AsArray(), u => u!["confirmations"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public void RpcShapes_FollowBitcoind()
    {
        var info = _f.Call("getblockchaininfo")!;
        Assert.Equal("regtest", info["chain"]!.GetValue<string>());
        Assert.Equal(101, info["blocks"]!.GetValue<int>());
        Assert.Equal(_f.Call("getbestblockhash")!.GetValue<string>(), info["bestblockhash"]!.GetValue<string>());
        Assert.Equal(101, _f.Call("getblockcount")!.GetValue<int>());
        var hash = _f.Call("getblockhash", 1)!.GetValue<string>();
        var header = _f.Call("getblockheader", hash)!;
        Assert.Equal(1, header["height"]!.GetValue<int>());
        Assert.Equal(101, header["confirmations"]!.GetValue<int>());
        Assert.Equal("207fffff", header["bits"]!.GetValue<string>());
        Assert.Equal(Network.Regtest.ChainHash.ToString(), header["previousblockhash"]!.GetValue<string>());
        Assert.Equal("0000000000000000000000000000000000000000000000000000000000000004", header["chainwork"]!.GetValue<string>());
        Assert.Equal(160, _f.Call("getblockheader", hash, false)!.GetValue<string>().Length);
        var block1 = _f.Call("getblock", hash, 1)!;
        Assert.Single(block1["tx"]!.AsArray());
        var block2 = _f.Call("getblock", hash, 2)!;
        var coinbase = block2["tx"]![0]!;
        Assert.NotNull(coinbase["vin"]![0]!["coinbase"]);
        Assert.Equal("50.00000000", coinbase["vout"]![0]!["value"]!.ToJsonString());
        Assert.Equal("witness_v0_keyhash", coinbase["vout"]![0]!["scriptPubKey"]!["type"]!.GetValue<string>());
        Assert.StartsWith("addr(bcrt1", coinbase["vout"]![0]!["scriptPubKey"]!["desc"]!.GetValue<string>());
        Assert.Equal("nulldata", coinbase["vout"]![1]!["scriptPubKey"]!["type"]!.GetValue<string>());
        var hex = _f.Call("getblock", hash, 0)!.GetValue<string>();
        Assert.True(Block.TryParse(Fulgur.Crypto.Hex.Decode(hex), out var parsed, out _));
        Assert.Equal(hash, parsed.Hash.ToString());
        var raw = _f.Call("getrawtransaction", coinbase["txid"]!.GetValue<string>(), true)!;
        Assert.Equal(hash, raw["blockhash"]!.GetValue<string>());
        Assert.Equal(RpcErrorCode.InvalidParameter, _f.CallFails("getblockhash", 500).Code);
        Assert.Equal(RpcErrorCode.InvalidAddressOrKey, _f.CallFails("getblock", new string('0', 64)).Code);
        Assert.Equal(RpcErrorCode.InvalidAddressOrKey, _f.CallFails("getrawtransaction", new string('0', 64)).Code);
        Assert.Equal(RpcErrorCode.MethodNotFound, _f.CallFails("nosuchmethod").Code);
        var fee = _f.Call("estimatesmartfee", 6)!;
        Assert.Equal(ChainRpc.EstimatedFeeRate, fee["feerate"]!.GetValue<decimal>());
        Assert.Equal(0, _f.Call("getmempoolinfo")!["size"]!.GetValue<int>());
        Assert.Empty(_f.Call("getrawmempool")!.AsArray());
        Assert.Equal(280000, _f.Call("getnetworkinfo")!["version"]!.GetValue<int>());
    }

    [Fact]
    public void DescriptorChecksum_MatchesBitcoindVector()
    {
        // From bitcoind's descriptor documentation (doc/descriptors.md).
        Assert.Equal("addr(mkmZxiEcEd8ZqjQWVZuC6so5dFMKEFpN2j)#02wpgw69", DescriptorChecksum.Append("addr(mkmZxiEcEd8ZqjQWVZuC6so5dFMKEFpN2j)"));
    }
}
