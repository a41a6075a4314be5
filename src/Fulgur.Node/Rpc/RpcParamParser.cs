using Fulgur.Protocol.Types;
using System.Globalization;
using System.Text.Json;
using Fulgur.Bitcoin;
using Fulgur.Crypto;

namespace Fulgur.Node.Rpc;

/// <summary>
/// Turns one JSON value into the parameter's typed value, or says what was expected. Never throws on client input:
/// the caller reports the message as -32602 naming the parameter.
/// </summary>
public static class RpcParamParser
{
    /// <summary>The type's name in usage lines and doc pages.</summary>
    public static string DocName(RpcParamType type) => type switch
    {
        RpcParamType.Text => "string",
        RpcParamType.Flag => "boolean",
        RpcParamType.U32 => "u32",
        RpcParamType.U64 => "u64",
        RpcParamType.Number => "number",
        RpcParamType.MilliSatoshi => "msat",
        RpcParamType.Satoshi => "sat",
        RpcParamType.MilliSatoshiOrAny => "msat_or_any",
        RpcParamType.SatoshiOrAll => "sat_or_all",
        RpcParamType.NodeId => "pubkey",
        RpcParamType.ShortChannelId => "short_channel_id",
        RpcParamType.Hex => "hex",
        RpcParamType.Hash32 => "hash",
        RpcParamType.JsonArray => "array",
        RpcParamType.JsonObject => "object",
        _ => "json",
    };

    private static string Expected(RpcParamType type) => type switch
    {
        RpcParamType.Text => "a string",
        RpcParamType.Flag => "true or false",
        RpcParamType.U32 => "a whole number from 0 to 4294967295",
        RpcParamType.U64 => "a whole number from 0 to 18446744073709551615",
        RpcParamType.Number => "a number",
        RpcParamType.MilliSatoshi => "an amount: an integer in msat or a string such as \"1000msat\", \"5sat\" or \"0.001btc\"",
        RpcParamType.Satoshi => "an amount: an integer in sat or a string such as \"5sat\", \"5000msat\" or \"0.001btc\"",
        RpcParamType.MilliSatoshiOrAny => "an amount (an integer in msat, or \"1000msat\", \"5sat\", \"0.001btc\") or \"any\"",
        RpcParamType.SatoshiOrAll => "an amount (an integer in sat, or \"5sat\", \"0.001btc\") or \"all\"",
        RpcParamType.NodeId => "a node id (66 hex characters of a compressed public key)",
        RpcParamType.ShortChannelId => "a short channel id (BLOCK:TX:OUT or BLOCKxTXxOUT)",
        RpcParamType.Hex => "a hex string",
        RpcParamType.Hash32 => "a 32-byte hash (64 hex characters)",
        RpcParamType.JsonArray => "an array",
        RpcParamType.JsonObject => "an object",
        _ => "a JSON value",
    };

    public static bool TryParse(RpcParamType type, JsonElement value, out object? result, out string error)
    {
        result = type switch
        {
            RpcParamType.Text => value.ValueKind == JsonValueKind.String ? value.GetString() : null,
            RpcParamType.Flag => ParseBool(value),
            RpcParamType.U32 => TryWholeNumber(value, out var n) && n <= uint.MaxValue ? (uint)n : null,
            RpcParamType.U64 => TryWholeNumber(value, out var n) ? n : null,
            RpcParamType.Number => ParseNumber(value) is { } number ? number : null,
            RpcParamType.MilliSatoshi => ParseAmount(value, AmountUnit.MilliSatoshi) is { } msat ? msat : null,
            RpcParamType.Satoshi => ParseSatoshi(value) is { } sat ? sat : null,
            RpcParamType.MilliSatoshiOrAny => value.ValueKind == JsonValueKind.String && value.ValueEquals("any") ? MilliSatoshiOrAny.Any
                : ParseAmount(value, AmountUnit.MilliSatoshi) is { } some ? new MilliSatoshiOrAny(false, some) : null,
            RpcParamType.SatoshiOrAll => value.ValueKind == JsonValueKind.String && value.ValueEquals("all") ? SatoshiOrAll.All
                : ParseSatoshi(value) is { } sats ? new SatoshiOrAll(false, sats) : null,
            RpcParamType.NodeId => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: 66 } s
                && Hex.TryDecode(s, out var bytes) && PublicKey.TryParse(bytes, out var key) ? key : null,
            RpcParamType.ShortChannelId => value.ValueKind == JsonValueKind.String
                && ShortChannelId.TryParse(value.GetString(), out var scid) ? scid : null,
            RpcParamType.Hex => value.ValueKind == JsonValueKind.String && Hex.TryDecode(value.GetString(), out var hex) ? hex : null,
            RpcParamType.Hash32 => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: 64 } h
                && Hex.TryDecode(h, out var hash) ? new Hash32(hash) : null,
            RpcParamType.JsonArray => value.ValueKind == JsonValueKind.Array ? value.Clone() : null,
            RpcParamType.JsonObject => value.ValueKind == JsonValueKind.Object ? value.Clone() : null,
            _ => value.Clone(),
        };
        error = result is null ? "should be " + Expected(type) : "";
        return result is not null;
    }

    private static object? ParseBool(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        // lightning-cli style clients sometimes quote them.
        JsonValueKind.String when value.ValueEquals("true") => true,
        JsonValueKind.String when value.ValueEquals("false") => false,
        _ => null,
    };

    private static double? ParseNumber(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d))
            return d;
        if (value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) && double.IsFinite(d))
            return d;
        return null;
    }

    /// <summary>A JSON integer, or a string of decimal digits (Core Lightning reads the token text either way).</summary>
    private static bool TryWholeNumber(JsonElement value, out ulong n)
    {
        n = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetUInt64(out n),
            JsonValueKind.String => value.GetString() is { Length: > 0 } s && s.All(char.IsAsciiDigit)
                && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n),
            _ => false,
        };
    }

    /// <summary>A whole number of satoshis: "5001msat" is refused rather than rounded.</summary>
    private static Satoshi? ParseSatoshi(JsonElement value) =>
        ParseAmount(value, AmountUnit.Satoshi) is { } msat && msat.TryToSatoshi(out var sat) ? sat : null;

    private static MilliSatoshi? ParseAmount(JsonElement value, AmountUnit bareUnit)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (!value.TryGetInt64(out var n) || n < 0)
                    return null;
                if (bareUnit == AmountUnit.Satoshi)
                    return n <= long.MaxValue / MilliSatoshi.PerSatoshi ? MilliSatoshi.FromSatoshi(n) : null;
                return new MilliSatoshi(n);
            case JsonValueKind.String:
                return MilliSatoshi.TryParse(value.GetString(), bareUnit, out var amount) ? amount : null;
            default:
                return null;
        }
    }

    /// <summary>Short text of the offending value for error messages (Core Lightning's "invalid token").</summary>
    public static string Describe(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 80 ? raw : raw[..77] + "...";
    }
}
