using System.Globalization;
using System.Text.Json.Nodes;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.DevChain.Chain;

namespace Fulgur.DevChain.Rpc;

/// <summary>
/// bitcoind's JSON shapes (core_write.cpp and rpc/blockchain.cpp of Bitcoin Core 28): TxToUniv, ScriptToUniv,
/// blockheaderToJSON and blockToJSON, with fields in bitcoind's order and amounts as BTC with eight decimals.
/// </summary>
internal static class JsonShapes
{
    /// <summary>bitcoind's ValueFromAmount: BTC as a JSON number with exactly eight decimals.</summary>
    public static JsonNode Amount(Satoshi amount) => JsonValue.Create(amount.Value * 0.00000001m);

    /// <summary>ScriptToUniv with address and type: asm, desc, hex, address (when there is one), type.</summary>
    public static JsonObject ScriptPubKey(Script script)
    {
        var type = OutputTypes.Classify(script);
        var hasAddress = Address.TryFormat(script, Network.Regtest, out var address);
        var result = new JsonObject
        {
            ["asm"] = script.ToAsm(),
            ["desc"] = DescriptorChecksum.Append(hasAddress ? $"addr({address})" : $"raw({script.ToHex()})"),
            ["hex"] = script.ToHex(),
        };
        if (hasAddress)
            result["address"] = address;
        result["type"] = type.CoreName();
        return result;
    }

    /// <summary>TxToUniv: the decoded transaction; <paramref name="fee"/> for getblock verbosity 2, hex last.</summary>
    public static JsonObject Transaction(Transaction tx, Satoshi? fee = null, bool includeHex = true)
    {
        var vin = new JsonArray();
        foreach (var input in tx.Inputs)
        {
            var item = new JsonObject();
            if (tx.IsCoinbase)
            {
                item["coinbase"] = input.ScriptSig.ToHex();
            }
            else
            {
                item["txid"] = input.PrevOut.TxId.ToString();
                item["vout"] = input.PrevOut.Index;
                item["scriptSig"] = new JsonObject { ["asm"] = input.ScriptSig.ToAsm(), ["hex"] = input.ScriptSig.ToHex() };
            }
            if (!input.Witness.IsEmpty)
                item["txinwitness"] = new JsonArray([.. input.Witness.Select(w => (JsonNode)JsonValue.Create(Hex.Encode(w.Span)))]);
            item["sequence"] = input.Sequence;
            vin.Add(item);
        }
        var vout = new JsonArray();
        for (var n = 0; n < tx.Outputs.Length; n++)
        {
            vout.Add(new JsonObject
            {
                ["value"] = Amount(tx.Outputs[n].Value),
                ["n"] = n,
                ["scriptPubKey"] = ScriptPubKey(tx.Outputs[n].ScriptPubKey),
            });
        }
        var result = new JsonObject
        {
            ["txid"] = tx.TxId.ToString(),
            ["hash"] = tx.WTxId.ToString(),
            ["version"] = (int)tx.Version,
            ["size"] = tx.TotalSize,
            ["vsize"] = tx.VirtualSize,
            ["weight"] = tx.Weight,
            ["locktime"] = tx.LockTime,
            ["vin"] = vin,
            ["vout"] = vout,
        };
        if (fee is { } paid)
            result["fee"] = Amount(paid);
        if (includeHex)
            result["hex"] = tx.ToHex();
        return result;
    }

    /// <summary>blockheaderToJSON for a block of the active chain.</summary>
    public static JsonObject BlockHeader(ActiveChain chain, ChainEntry entry)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(entry);
        var header = entry.Block.Header;
        var result = new JsonObject
        {
            ["hash"] = entry.Hash.ToString(),
            ["confirmations"] = chain.Height - entry.Height + 1,
            ["height"] = entry.Height,
            ["version"] = header.Version,
            ["versionHex"] = header.Version.ToString("x8", CultureInfo.InvariantCulture),
            ["merkleroot"] = header.MerkleRoot.ToString(),
            ["time"] = header.Time,
            ["mediantime"] = entry.MedianTimePast,
            ["nonce"] = header.Nonce,
            ["bits"] = header.Bits.ToString(),
            ["difficulty"] = ConsensusRules.Difficulty(header.Bits),
            ["chainwork"] = ChainWork(entry),
            ["nTx"] = entry.Block.Transactions.Length,
        };
        if (entry.Height > 0)
            result["previousblockhash"] = header.PreviousBlock.ToString();
        if (entry.Height < chain.Height)
            result["nextblockhash"] = chain[entry.Height + 1].Hash.ToString();
        return result;
    }

    /// <summary>blockToJSON: the header fields, sizes, then txids (verbosity 1) or decoded transactions with fees (2).</summary>
    public static JsonObject Block(ActiveChain chain, ChainEntry entry, int verbosity, Func<Transaction, Satoshi?> feeOf)
    {
        ArgumentNullException.ThrowIfNull(feeOf);
        var result = BlockHeader(chain, entry);
        var block = entry.Block;
        result["strippedsize"] = block.ToBytes(includeWitness: false).Length;
        result["size"] = block.ToBytes().Length;
        result["weight"] = block.Weight;
        var txs = new JsonArray();
        foreach (var tx in block.Transactions)
            txs.Add(verbosity >= 2 ? Transaction(tx, tx.IsCoinbase ? null : feeOf(tx)) : JsonValue.Create(tx.TxId.ToString()));
        result["tx"] = txs;
        return result;
    }

    /// <summary>nChainWork as 64 hex digits.</summary>
    public static string ChainWork(ChainEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var bytes = entry.ChainWork.ToByteArray(isUnsigned: true, isBigEndian: true);
        return Hex.Encode(bytes).PadLeft(64, '0');
    }
}
