using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.DevChain.Chain;
using Fulgur.DevChain.Mempool;
using Fulgur.DevChain.Wallet;

namespace Fulgur.DevChain.Rpc;

/// <summary>
/// The bitcoind RPC methods the devchain serves, with Bitcoin Core 28's parameter names, result shapes, error codes
/// and messages. Each call runs under the chain's lock, so a call sees one consistent state.
/// </summary>
internal sealed partial class ChainRpc(RegtestChain chain, Action requestStop)
{
    /// <summary>What getnetworkinfo reports: the Bitcoin Core release whose RPC shapes the devchain follows.</summary>
    public const int CoreVersion = 280000;

    /// <summary>The fixed estimatesmartfee answer (BTC/kvB): 2 sat/vB, the faucet's own feerate.</summary>
    public const decimal EstimatedFeeRate = 0.00002000m;

    private static readonly decimal DefaultMaxFeeRate = 0.10m;

    public JsonNode? Call(string method, JsonElement? parameters)
    {
        lock (chain.Gate)
        {
            return method switch
            {
                "getblockchaininfo" => GetBlockchainInfo(new RpcParams(parameters)),
                "getnetworkinfo" => GetNetworkInfo(new RpcParams(parameters)),
                "getblockcount" => Count(new RpcParams(parameters)),
                "getbestblockhash" => BestBlockHash(new RpcParams(parameters)),
                "getblockhash" => GetBlockHash(new RpcParams(parameters, "height")),
                "getblockheader" => GetBlockHeader(new RpcParams(parameters, "blockhash", "verbose")),
                "getblock" => GetBlock(new RpcParams(parameters, "blockhash", "verbosity")),
                "getrawtransaction" => GetRawTransaction(new RpcParams(parameters, "txid", "verbose", "blockhash")),
                "gettxout" => GetTxOut(new RpcParams(parameters, "txid", "n", "include_mempool")),
                "sendrawtransaction" => SendRawTransaction(new RpcParams(parameters, "hexstring", "maxfeerate", "maxburnamount")),
                "testmempoolaccept" => TestMempoolAccept(new RpcParams(parameters, "rawtxs", "maxfeerate")),
                "getrawmempool" => GetRawMempool(new RpcParams(parameters, "verbose", "mempool_sequence")),
                "getmempoolinfo" => GetMempoolInfo(new RpcParams(parameters)),
                "estimatesmartfee" => EstimateSmartFee(new RpcParams(parameters, "conf_target", "estimate_mode")),
                "generatetoaddress" => GenerateToAddress(new RpcParams(parameters, "nblocks", "address", "maxtries")),
                "invalidateblock" => InvalidateBlock(new RpcParams(parameters, "blockhash")),
                "stop" => Stop(new RpcParams(parameters, "wait")),
                "getnewaddress" => GetNewAddress(new RpcParams(parameters, "label", "address_type")),
                "getbalance" => GetBalance(new RpcParams(parameters, "dummy", "minconf", "include_watchonly", "avoid_reuse")),
                "sendtoaddress" => SendToAddress(new RpcParams(parameters, "address", "amount", "comment", "comment_to",
                    "subtractfeefromamount", "replaceable", "conf_target", "estimate_mode", "avoid_reuse", "fee_rate", "verbose")),
                "listunspent" => ListUnspent(new RpcParams(parameters, "minconf", "maxconf", "addresses", "include_unsafe", "query_options")),
                _ => throw new RpcException(RpcErrorCode.MethodNotFound, "Method not found"),
            };
        }
    }

    private ActiveChain Active => chain.Active;

    private JsonObject GetBlockchainInfo(RpcParams _)
    {
        var tip = Active.Tip;
        return new JsonObject
        {
            ["chain"] = "regtest",
            ["blocks"] = Active.Height,
            ["headers"] = Active.Height,
            ["bestblockhash"] = tip.Hash.ToString(),
            ["difficulty"] = ConsensusRules.Difficulty(tip.Block.Header.Bits),
            ["time"] = tip.Block.Header.Time,
            ["mediantime"] = tip.MedianTimePast,
            ["verificationprogress"] = 1,
            // bitcoind leaves initial block download once the tip is less than a day old.
            ["initialblockdownload"] = tip.Block.Header.Time < chain.Now - 86_400,
            ["chainwork"] = JsonShapes.ChainWork(tip),
            ["size_on_disk"] = new FileInfo(Path.Combine(chain.NetworkDirectory, "blocks.dat")).Length,
            ["pruned"] = false,
            ["warnings"] = new JsonArray(),
        };
    }

    private static JsonObject GetNetworkInfo(RpcParams _) => new()
    {
        ["version"] = CoreVersion,
        ["subversion"] = "/Satoshi:28.0.0(fulgur-devchain)/",
        ["protocolversion"] = 70016,
        ["localservices"] = "0000000000000c09",
        ["localservicesnames"] = new JsonArray("NETWORK", "WITNESS", "NETWORK_LIMITED", "P2P_V2"),
        ["localrelay"] = true,
        ["timeoffset"] = 0,
        ["networkactive"] = true,
        ["connections"] = 0,
        ["connections_in"] = 0,
        ["connections_out"] = 0,
        ["networks"] = new JsonArray(),
        ["relayfee"] = JsonShapes.Amount(new Satoshi(MempoolPolicy.MinRelayFeeSatPerKvB)),
        ["incrementalfee"] = JsonShapes.Amount(new Satoshi(1000)),
        ["localaddresses"] = new JsonArray(),
        ["warnings"] = new JsonArray(),
    };

    private JsonValue Count(RpcParams _) => JsonValue.Create(Active.Height);

    private JsonValue BestBlockHash(RpcParams _) => JsonValue.Create(Active.Tip.Hash.ToString());

    private JsonValue GetBlockHash(RpcParams p)
    {
        var height = p.Integer(0);
        if (height < 0 || height > Active.Height)
            throw new RpcException(RpcErrorCode.InvalidParameter, "Block height out of range");
        return JsonValue.Create(Active[(int)height].Hash.ToString());
    }

    private ChainEntry FindBlock(string hex)
    {
        if (!BlockHash.TryParse(hex, out var hash) || hex.Length != 64)
            throw new RpcException(RpcErrorCode.InvalidParameter, $"blockhash must be of length 64 (not {hex.Length}, for '{hex}')");
        return Active.TryGetHeight(hash, out var height) ? Active[height] : throw new RpcException(RpcErrorCode.InvalidAddressOrKey, "Block not found");
    }

    private JsonNode GetBlockHeader(RpcParams p)
    {
        var entry = FindBlock(p.String(0));
        return p.OptionalBool(1, true) ? JsonShapes.BlockHeader(Active, entry) : JsonValue.Create(entry.Block.Header.ToHex());
    }

    private JsonNode GetBlock(RpcParams p)
    {
        var entry = FindBlock(p.String(0));
        // bitcoind accepts a bool too: true is 1, false is 0.
        var verbosity = p.Get(1) switch
        {
            null => 1,
            { ValueKind: JsonValueKind.True } => 1,
            { ValueKind: JsonValueKind.False } => 0,
            _ => (int)p.OptionalInteger(1, 1),
        };
        if (verbosity <= 0)
            return JsonValue.Create(entry.Block.ToHex());
        var spent = entry.SpentCoins.ToDictionary(s => s.Key, s => s.Value.Output.Value);
        return JsonShapes.Block(Active, entry, verbosity, tx =>
            tx.Inputs.Aggregate(Satoshi.Zero, (sum, i) => sum + spent[i.PrevOut]) - tx.TotalOutput);
    }

    private static TxId ParseTxId(string hex, string name) =>
        hex.Length == 64 && TxId.TryParse(hex, out var txId)
            ? txId
            : throw new RpcException(RpcErrorCode.InvalidParameter, $"{name} must be of length 64 (not {hex.Length}, for '{hex}')");

    private JsonNode GetRawTransaction(RpcParams p)
    {
        var txId = ParseTxId(p.String(0), "parameter 1");
        var verbose = p.Get(1) switch
        {
            null => false,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => p.OptionalInteger(1, 0) != 0,
        };
        Transaction? tx;
        ChainEntry? block = null;
        if (chain.Pool.TryGet(txId, out var entry))
        {
            tx = entry.Transaction;
        }
        else if (Active.TryFindTransaction(txId, out tx, out var height))
        {
            block = Active[height];
        }
        else
        {
            throw new RpcException(RpcErrorCode.InvalidAddressOrKey,
                "No such mempool or blockchain transaction. Use gettransaction for wallet transactions.");
        }
        if (p.OptionalString(2) is { } blockHashHex && (block is null || FindBlock(blockHashHex) != block))
            throw new RpcException(RpcErrorCode.InvalidAddressOrKey, "No such transaction found in the provided block. Use gettransaction for wallet transactions.");
        if (!verbose)
            return JsonValue.Create(tx.ToHex());
        var result = JsonShapes.Transaction(tx);
        if (block is not null)
        {
            result["blockhash"] = block.Hash.ToString();
            result["confirmations"] = Active.Height - block.Height + 1;
            result["time"] = block.Block.Header.Time;
            result["blocktime"] = block.Block.Header.Time;
        }
        return result;
    }

    private JsonObject? GetTxOut(RpcParams p)
    {
        var txId = ParseTxId(p.String(0), "txid");
        var n = p.Integer(1);
        var includeMempool = p.OptionalBool(2, true);
        if (n < 0 || n > uint.MaxValue)
            return null;
        var outPoint = new OutPoint(txId, (uint)n);
        TxOut output;
        int confirmations;
        bool coinbase;
        if (Active.TryGetCoin(outPoint, out var coin))
        {
            if (includeMempool && chain.Pool.TryGetSpender(outPoint, out _))
                return null;
            (output, confirmations, coinbase) = (coin.Output, Active.Height - coin.Height + 1, coin.IsCoinbase);
        }
        else if (includeMempool && chain.Pool.TryGetOutput(outPoint, out var mempoolOutput) && !chain.Pool.TryGetSpender(outPoint, out _))
        {
            (output, confirmations, coinbase) = (mempoolOutput, 0, false);
        }
        else
        {
            return null;
        }
        return new JsonObject
        {
            ["bestblock"] = Active.Tip.Hash.ToString(),
            ["confirmations"] = confirmations,
            ["value"] = JsonShapes.Amount(output.Value),
            ["scriptPubKey"] = JsonShapes.ScriptPubKey(output.ScriptPubKey),
            ["coinbase"] = coinbase,
        };
    }

    private static Transaction DecodeTransaction(string hex, string failure)
    {
        // bitcoind's DecodeHexTx tries the extended (witness) serialization and then the legacy one.
        if (Hex.TryDecode(hex, out var bytes)
            && (Transaction.TryParse(bytes, out var tx, out _) || Transaction.TryParse(bytes, out tx, out _, allowWitness: false)))
            return tx;
        throw new RpcException(RpcErrorCode.DeserializationError, failure);
    }

    private static decimal MaxFeeRate(RpcParams p, int index)
    {
        if (p.Get(index) is null)
            return DefaultMaxFeeRate;
        return p.Amount(index).ToBtc();
    }

    private JsonValue SendRawTransaction(RpcParams p)
    {
        var tx = DecodeTransaction(p.String(0), "TX decode failed. Make sure the tx has at least one input.");
        var maxFeeRate = MaxFeeRate(p, 1);
        var maxBurn = p.Get(2) is null ? Satoshi.Zero : p.Amount(2);
        if (tx.Outputs.Any(o => o.ScriptPubKey.IsUnspendable && o.Value > maxBurn))
            throw new RpcException(RpcErrorCode.VerifyError, "Unspendable output exceeds maximum configured by user (maxburnamount)");
        // BroadcastTransaction: outputs already in the UTXO set mean the transaction is confirmed.
        for (var o = 0; o < tx.Outputs.Length; o++)
        {
            if (Active.TryGetCoin(new OutPoint(tx.TxId, (uint)o), out _))
                throw new RpcException(RpcErrorCode.VerifyAlreadyInChain, "Transaction already in block chain");
        }
        if (chain.Pool.Contains(tx.TxId))
            return JsonValue.Create(tx.TxId.ToString());
        if (!chain.TestAccept(tx, out var entry, out var rejection))
            throw Refusal(rejection);
        if (maxFeeRate > 0 && entry.Fee.ToBtc() > maxFeeRate * entry.VirtualSize / 1000m)
            throw new RpcException(RpcErrorCode.VerifyError, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        if (chain.Submit(tx, out _, out rejection) is SubmitOutcome.Rejected)
            throw Refusal(rejection!);
        return JsonValue.Create(tx.TxId.ToString());
    }

    /// <summary>bitcoind's HandleATMPError: missing inputs are -25 (RPC_TRANSACTION_ERROR), other refusals -26.</summary>
    private static RpcException Refusal(TxRejection rejection) =>
        new(rejection.MissingInputs ? RpcErrorCode.VerifyError : RpcErrorCode.VerifyRejected, rejection.ToString());

    private JsonArray TestMempoolAccept(RpcParams p)
    {
        var raw = p.RequireArray(0);
        var maxFeeRate = MaxFeeRate(p, 1);
        if (raw.GetArrayLength() is 0 or > 25)
            throw new RpcException(RpcErrorCode.InvalidParameter, "Array must contain between 1 and 25 transactions.");
        var results = new JsonArray();
        foreach (var item in raw.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw new RpcException(RpcErrorCode.TypeError, "JSON value is not a string as expected");
            var tx = DecodeTransaction(item.GetString()!, "TX decode failed: " + item.GetString() + " Make sure the tx has at least one input.");
            var result = new JsonObject { ["txid"] = tx.TxId.ToString(), ["wtxid"] = tx.WTxId.ToString() };
            if (chain.TestAccept(tx, out var entry, out var rejection))
            {
                if (maxFeeRate > 0 && entry.Fee.ToBtc() > maxFeeRate * entry.VirtualSize / 1000m)
                {
                    result["allowed"] = false;
                    result["reject-reason"] = "max-fee-exceeded";
                }
                else
                {
                    result["allowed"] = true;
                    result["vsize"] = entry.VirtualSize;
                    result["fees"] = new JsonObject
                    {
                        ["base"] = JsonShapes.Amount(entry.Fee),
                        ["effective-feerate"] = JsonShapes.Amount(new Satoshi(entry.Fee.Value * 1000 / entry.VirtualSize)),
                        ["effective-includes"] = new JsonArray(tx.WTxId.ToString()),
                    };
                }
            }
            else
            {
                result["allowed"] = false;
                result["reject-reason"] = rejection.MissingInputs ? "missing-inputs" : rejection.Reason;
            }
            results.Add(result);
        }
        return results;
    }
}
