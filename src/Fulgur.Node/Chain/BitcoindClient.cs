using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Chain;

/// <summary>
/// bitcoind's JSON-RPC over HTTP POST with basic auth (Bitcoin Core 27/28 request and result shapes), also spoken by
/// fulgur-devchain. Each call has a timeout; transport failures, HTTP 401/403 and malformed answers become
/// <see cref="BitcoindUnavailableException"/>, and bitcoind's error objects <see cref="BitcoindRpcException"/> with its code.
/// </summary>
public sealed class BitcoindClient : IChainSource, ITransactionSender, IFeeSource, IDisposable
{
    private readonly BitcoindEndpoint _endpoint;
    private readonly HttpClient _http;
    private long _nextId;

    public BitcoindClient(BitcoindEndpoint endpoint, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) }) { Timeout = timeout };
    }

    public BitcoindEndpoint Endpoint => _endpoint;

    /// <summary>Calls <paramref name="method"/> and returns its <c>result</c> (a clone, safe to keep).</summary>
    public async Task<JsonElement> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!_endpoint.TryGetBasicAuth(out var auth, out var authError))
            throw new BitcoindUnavailableException(authError!);
        var id = Interlocked.Increment(ref _nextId);
        var body = new JsonObject { ["jsonrpc"] = "1.0", ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        HttpResponseMessage response;
        try
        {
            try
            {
                response = await SendAsync(body, auth!, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.InnerException is HttpIOException)
            {
                // A pooled keep-alive connection the server had already closed: one fresh attempt.
                response = await SendAsync(body, auth!, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException e)
        {
            throw new BitcoindUnavailableException($"cannot reach bitcoind at {_endpoint.Url}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BitcoindUnavailableException($"bitcoind at {_endpoint.Url} did not answer {method} within {_http.Timeout.TotalSeconds:0.#}s", e);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new BitcoindUnavailableException($"bitcoind at {_endpoint.Url} refused our credentials (HTTP {(int)response.StatusCode}): check --bitcoin-rpcuser/--bitcoin-rpcpassword or the cookie {_endpoint.CookiePath}");
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new BitcoindUnavailableException($"bitcoind at {_endpoint.Url} answered {method} with HTTP {(int)response.StatusCode} and no JSON", e);
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new BitcoindUnavailableException($"bitcoind answered {method} with a non-object");
                // bitcoind sends HTTP 500/404 with an error object for failed calls (JSON-RPC 1.0).
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
                    var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                    throw new BitcoindRpcException(code, message);
                }
                if (!response.IsSuccessStatusCode || !root.TryGetProperty("result", out var result))
                    throw new BitcoindUnavailableException($"bitcoind answered {method} with HTTP {(int)response.StatusCode} and no result");
                return result.Clone();
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string body, string auth, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", auth);
        return await _http.SendAsync(request, ct).ConfigureAwait(false);
    }

    public async Task<ChainTip> GetTipAsync(CancellationToken cancellationToken)
    {
        var info = await CallAsync("getblockchaininfo", [], cancellationToken).ConfigureAwait(false);
        if (!info.TryGetProperty("blocks", out var blocks) || !blocks.TryGetUInt32(out var height)
            || !info.TryGetProperty("bestblockhash", out var best) || best.ValueKind != JsonValueKind.String
            || !BlockHash.TryParse(best.GetString(), out var hash))
            throw new BitcoindUnavailableException("getblockchaininfo result lacks blocks/bestblockhash");
        return new ChainTip(new BlockHeight(height), hash);
    }

    /// <summary>getblockchaininfo's <c>chain</c>: main, test, testnet4, signet or regtest.</summary>
    public async Task<string> GetChainNameAsync(CancellationToken cancellationToken)
    {
        var info = await CallAsync("getblockchaininfo", [], cancellationToken).ConfigureAwait(false);
        return info.TryGetProperty("chain", out var chain) && chain.ValueKind == JsonValueKind.String ? chain.GetString()! : "";
    }

    public async Task<BlockHash?> GetBlockHashAsync(BlockHeight height, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CallAsync("getblockhash", [height.Value], cancellationToken).ConfigureAwait(false);
            if (result.ValueKind != JsonValueKind.String || !BlockHash.TryParse(result.GetString(), out var hash))
                throw new BitcoindUnavailableException("getblockhash result is not a block hash");
            return hash;
        }
        catch (BitcoindRpcException e) when (e.Code == BitcoindErrorCodes.InvalidParameter)
        {
            // "Block height out of range".
            return null;
        }
    }

    public async Task<Block> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken)
    {
        // Verbosity 0: the serialized block, parsed and checked by Fulgur.Bitcoin rather than trusting decoded JSON.
        var result = await CallAsync("getblock", [hash.ToString(), 0], cancellationToken).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.String || !Hex.TryDecode(result.GetString(), out var bytes))
            throw new BitcoindUnavailableException($"getblock {hash} did not return hex");
        if (!Block.TryParse(bytes, out var block, out var error))
            throw new BitcoindUnavailableException($"getblock {hash}: unparseable block: {error}");
        if (block.Hash != hash)
            throw new BitcoindUnavailableException($"getblock {hash} returned block {block.Hash}");
        return block;
    }

    public async Task<TxId> SendRawTransactionAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var result = await CallAsync("sendrawtransaction", [transaction.ToHex()], cancellationToken).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.String || !TxId.TryParse(result.GetString(), out var txid))
            throw new BitcoindUnavailableException("sendrawtransaction did not return a txid");
        return txid;
    }

    public async Task<FeeRate?> EstimateSmartFeeAsync(int targetBlocks, EstimateMode mode, CancellationToken cancellationToken)
    {
        var modeName = mode == EstimateMode.Conservative ? "CONSERVATIVE" : "ECONOMICAL";
        var result = await CallAsync("estimatesmartfee", [targetBlocks, modeName], cancellationToken).ConfigureAwait(false);
        // {"feerate": BTC/kvB, "blocks": n} or {"errors": ["Insufficient data or no feerate found"], "blocks": 0}.
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("feerate", out var rate) || !rate.TryGetDecimal(out var btcPerKvB))
            return null;
        var satPerKvB = (long)decimal.Round(btcPerKvB * 100_000_000m, MidpointRounding.AwayFromZero);
        return satPerKvB > 0 ? FeeRate.FromSatPerKvB(satPerKvB) : null;
    }

    /// <summary>gettxout: the unspent output, or null when spent or unknown.</summary>
    public async Task<TxOutInfo?> GetTxOutAsync(OutPoint outPoint, CancellationToken cancellationToken)
    {
        var result = await CallAsync("gettxout", [outPoint.TxId.ToString(), outPoint.Index], cancellationToken).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.Object)
            return null;
        if (!result.TryGetProperty("value", out var v) || !v.TryGetDecimal(out var btc)
            || !result.TryGetProperty("confirmations", out var c) || !c.TryGetInt32(out var confirmations))
            throw new BitcoindUnavailableException("gettxout result lacks value/confirmations");
        var script = result.TryGetProperty("scriptPubKey", out var s) && s.ValueKind == JsonValueKind.Object
            && s.TryGetProperty("hex", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : "";
        return new TxOutInfo(new Satoshi((long)decimal.Round(btc * 100_000_000m)), confirmations, script);
    }

    /// <summary>getrawtransaction (non-verbose): the transaction, or null when bitcoind does not know it.</summary>
    public async Task<Transaction?> GetRawTransactionAsync(TxId txid, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CallAsync("getrawtransaction", [txid.ToString(), false], cancellationToken).ConfigureAwait(false);
            return result.ValueKind == JsonValueKind.String && Transaction.TryParseHex(result.GetString()!, out var tx, out _) ? tx : null;
        }
        catch (BitcoindRpcException e) when (e.Code == BitcoindErrorCodes.InvalidAddressOrKey)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
