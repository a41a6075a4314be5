using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.DevChain.Mempool;
using Fulgur.DevChain.Wallet;

namespace Fulgur.DevChain.Rpc;

/// <summary>The mempool, mining, control and faucet-wallet methods.</summary>
internal sealed partial class ChainRpc
{
    private JsonNode GetRawMempool(RpcParams p)
    {
        var verbose = p.OptionalBool(0, false);
        var withSequence = p.OptionalBool(1, false);
        if (verbose && withSequence)
            throw new RpcException(RpcErrorCode.InvalidParameter, "Verbose results cannot contain mempool sequence values.");
        var pool = chain.Pool;
        if (!verbose)
        {
            var ids = new JsonArray([.. pool.Entries.Select(e => (JsonNode)JsonValue.Create(e.TxId.ToString()))]);
            return withSequence ? new JsonObject { ["txids"] = ids, ["mempool_sequence"] = pool.Count } : ids;
        }
        var result = new JsonObject();
        foreach (var entry in pool.Entries)
        {
            var ancestors = Relatives(entry, up: true);
            var descendants = Relatives(entry, up: false);
            var parents = entry.Transaction.Inputs.Select(i => i.PrevOut.TxId).Where(pool.Contains).Distinct();
            var children = pool.Entries.Where(c => c.Transaction.Inputs.Any(i => i.PrevOut.TxId == entry.TxId));
            result[entry.TxId.ToString()] = new JsonObject
            {
                ["vsize"] = entry.VirtualSize,
                ["weight"] = entry.Transaction.Weight,
                ["time"] = entry.Time,
                ["height"] = entry.Height,
                ["descendantcount"] = descendants.Count,
                ["descendantsize"] = descendants.Sum(e => e.VirtualSize),
                ["ancestorcount"] = ancestors.Count,
                ["ancestorsize"] = ancestors.Sum(e => e.VirtualSize),
                ["wtxid"] = entry.Transaction.WTxId.ToString(),
                ["fees"] = new JsonObject
                {
                    ["base"] = JsonShapes.Amount(entry.Fee),
                    ["modified"] = JsonShapes.Amount(entry.Fee),
                    ["ancestor"] = JsonShapes.Amount(new Satoshi(ancestors.Sum(e => e.Fee.Value))),
                    ["descendant"] = JsonShapes.Amount(new Satoshi(descendants.Sum(e => e.Fee.Value))),
                },
                ["depends"] = new JsonArray([.. parents.Select(t => (JsonNode)JsonValue.Create(t.ToString()))]),
                ["spentby"] = new JsonArray([.. children.Select(c => (JsonNode)JsonValue.Create(c.TxId.ToString()))]),
                ["bip125-replaceable"] = entry.Transaction.Inputs.Any(i => i.Sequence < TxIn.SequenceFinal - 1),
                ["unbroadcast"] = false,
            };
        }
        return result;
    }

    /// <summary>The entry with its in-mempool ancestors (<paramref name="up"/>) or descendants, as bitcoind counts them.</summary>
    private List<MempoolEntry> Relatives(MempoolEntry start, bool up)
    {
        var pool = chain.Pool;
        var seen = new HashSet<TxId> { start.TxId };
        var result = new List<MempoolEntry> { start };
        for (var i = 0; i < result.Count; i++)
        {
            var current = result[i];
            var next = up
                ? current.Transaction.Inputs.Select(x => x.PrevOut.TxId).Select(t => pool.TryGet(t, out var e) ? e : null).OfType<MempoolEntry>()
                : pool.Entries.Where(c => c.Transaction.Inputs.Any(x => x.PrevOut.TxId == current.TxId));
            foreach (var relative in next)
            {
                if (seen.Add(relative.TxId))
                    result.Add(relative);
            }
        }
        return result;
    }

    private JsonObject GetMempoolInfo(RpcParams _)
    {
        var entries = chain.Pool.Entries;
        var minFee = JsonShapes.Amount(new Satoshi(MempoolPolicy.MinRelayFeeSatPerKvB));
        return new JsonObject
        {
            ["loaded"] = true,
            ["size"] = entries.Count,
            ["bytes"] = entries.Sum(e => e.VirtualSize),
            ["usage"] = entries.Sum(e => (long)e.Transaction.TotalSize * 4),
            ["total_fee"] = JsonShapes.Amount(new Satoshi(entries.Sum(e => e.Fee.Value))),
            ["maxmempool"] = 300_000_000,
            ["mempoolminfee"] = minFee,
            ["minrelaytxfee"] = minFee.DeepClone(),
            ["incrementalrelayfee"] = minFee.DeepClone(),
            ["unbroadcastcount"] = 0,
            ["fullrbf"] = true,
        };
    }

    /// <summary>
    /// A fixed answer (doc/devchain.md): regtest has no fee history, so instead of bitcoind's "Insufficient data"
    /// the devchain always reports <see cref="EstimatedFeeRate"/>, with bitcoind's argument checks and target clamp.
    /// </summary>
    private static JsonObject EstimateSmartFee(RpcParams p)
    {
        var target = p.Integer(0);
        if (target < 1 || target > 1008)
            throw new RpcException(RpcErrorCode.InvalidParameter, "Invalid conf_target, must be between 1 and 1008");
        var mode = p.OptionalString(1) ?? "economical";
        if (!new[] { "unset", "economical", "conservative" }.Contains(mode.ToLowerInvariant(), StringComparer.Ordinal))
            throw new RpcException(RpcErrorCode.InvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"");
        return new JsonObject { ["feerate"] = EstimatedFeeRate, ["blocks"] = Math.Max(target, 2) };
    }

    private static Script ParseAddress(string text, string invalidMessage)
    {
        if (!Address.TryParse(text, Network.Regtest, out var script, out _))
            throw new RpcException(RpcErrorCode.InvalidAddressOrKey, invalidMessage);
        return script;
    }

    private JsonArray GenerateToAddress(RpcParams p)
    {
        var count = p.Integer(0);
        var script = ParseAddress(p.String(1), "Error: Invalid address");
        if (count < 0)
            throw new RpcException(RpcErrorCode.InvalidParameter, "nblocks must be non-negative");
        var hashes = chain.Generate((int)Math.Min(count, 100_000), script);
        return new JsonArray([.. hashes.Select(h => (JsonNode)JsonValue.Create(h.ToString()))]);
    }

    private JsonNode? InvalidateBlock(RpcParams p)
    {
        var entry = FindBlock(p.String(0));
        if (!chain.TryInvalidate(entry.Hash, out var error))
            throw new RpcException(RpcErrorCode.MiscError, error);
        return null;
    }

    private JsonValue Stop(RpcParams _)
    {
        requestStop();
        return JsonValue.Create("Bitcoin Core stopping");
    }

    private JsonValue GetNewAddress(RpcParams p)
    {
        var type = p.OptionalString(1);
        if (type is not null && !string.Equals(type, "bech32", StringComparison.Ordinal))
            throw new RpcException(RpcErrorCode.InvalidAddressOrKey, $"Unknown address type '{type}' (the devchain faucet only has bech32)");
        return JsonValue.Create(FaucetWallet.FormatAddress(chain.Wallet.NewScript()));
    }

    private JsonNode GetBalance(RpcParams p)
    {
        var dummy = p.OptionalString(0);
        if (dummy is not null && dummy != "*")
            throw new RpcException(RpcErrorCode.MethodNotFound, "dummy first argument must be excluded or set to \"*\".");
        var minConf = p.OptionalInteger(1, 0);
        var total = chain.WalletCoins().Where(c => c.Spendable && c.Confirmations >= minConf).Sum(c => c.Output.Value.Value);
        return JsonShapes.Amount(new Satoshi(total));
    }

    private JsonNode SendToAddress(RpcParams p)
    {
        var destination = ParseAddress(p.String(0), "Invalid address");
        var amount = p.Amount(1);
        if (amount.Value <= 0)
            throw new RpcException(RpcErrorCode.TypeError, "Invalid amount for send");
        var subtractFee = p.OptionalBool(4, false);
        if (!chain.TrySend(destination, amount, subtractFee, out var tx, out var error))
        {
            throw new RpcException(
                error == "Insufficient funds" ? RpcErrorCode.WalletInsufficientFunds : RpcErrorCode.WalletError, error);
        }
        if (p.OptionalBool(10, false))
            return new JsonObject { ["txid"] = tx.TxId.ToString(), ["fee_reason"] = "Fallback fee" };
        return JsonValue.Create(tx.TxId.ToString());
    }

    private JsonArray ListUnspent(RpcParams p)
    {
        var minConf = p.OptionalInteger(0, 1);
        var maxConf = p.OptionalInteger(1, 9_999_999);
        HashSet<Script>? only = null;
        if (p.Get(2) is { } addresses)
        {
            if (addresses.ValueKind != JsonValueKind.Array)
                throw new RpcException(RpcErrorCode.TypeError, "JSON value of type " + addresses.ValueKind.ToString().ToLowerInvariant() + " is not of expected type array");
            only = [];
            foreach (var address in addresses.EnumerateArray())
            {
                var text = address.ValueKind == JsonValueKind.String ? address.GetString()! : "";
                if (!only.Add(ParseAddress(text, "Invalid Bitcoin address: " + text)))
                    throw new RpcException(RpcErrorCode.InvalidParameter, "Invalid parameter, duplicated address: " + text);
            }
        }
        var includeUnsafe = p.OptionalBool(3, true);
        var result = new JsonArray();
        // bitcoind's AvailableCoins leaves immature coinbase outputs out.
        foreach (var coin in chain.WalletCoins().Where(c => !c.IsCoinbase || c.Spendable).OrderBy(c => c.Confirmations))
        {
            var safe = coin.Spendable;
            if (coin.Confirmations < minConf || coin.Confirmations > maxConf || (!safe && !includeUnsafe))
                continue;
            if (only is not null && !only.Contains(coin.Output.ScriptPubKey))
                continue;
            result.Add(new JsonObject
            {
                ["txid"] = coin.OutPoint.TxId.ToString(),
                ["vout"] = coin.OutPoint.Index,
                ["address"] = FaucetWallet.FormatAddress(coin.Output.ScriptPubKey),
                ["label"] = "",
                ["scriptPubKey"] = coin.Output.ScriptPubKey.ToHex(),
                ["amount"] = JsonShapes.Amount(coin.Output.Value),
                ["confirmations"] = coin.Confirmations,
                ["spendable"] = true,
                ["solvable"] = true,
                ["safe"] = safe,
            });
        }
        return result;
    }
}
