package dev.wirespeed.fib.jwt;

/**
 * The outcomes of Envoy's {@code jwt_authn} filter that a decision can carry (Envoy's {@code JwtVerify::Status}),
 * with the text Envoy's local reply writes as its body ({@code getStatusString}). Only the statuses a token, an
 * inline key set or Istio's fallback key set can produce are listed; {@link #OK} and {@link #MISSED} never reject
 * under Istio's requirement (a request without a token passes).
 */
public final class JwtStatus
{
    public static final int OK = 0;
    public static final int MISSED = 1;
    public static final int NOT_YET_VALID = 2;
    public static final int EXPIRED = 3;
    public static final int BAD_FORMAT = 4;
    public static final int HEADER_BAD_BASE64 = 5;
    public static final int HEADER_BAD_JSON = 6;
    public static final int HEADER_BAD_ALG = 7;
    public static final int HEADER_ALG_NOT_IMPLEMENTED = 8;
    public static final int HEADER_BAD_KID = 9;
    public static final int PAYLOAD_BAD_BASE64 = 10;
    public static final int PAYLOAD_BAD_JSON = 11;
    public static final int ISS_NOT_STRING = 12;
    public static final int SUB_NOT_STRING = 13;
    public static final int IAT_NOT_INTEGER = 14;
    public static final int IAT_OUT_OF_RANGE = 15;
    public static final int NBF_NOT_INTEGER = 16;
    public static final int NBF_OUT_OF_RANGE = 17;
    public static final int EXP_NOT_INTEGER = 18;
    public static final int EXP_OUT_OF_RANGE = 19;
    public static final int JTI_NOT_STRING = 20;
    public static final int AUD_NOT_STRING = 21;
    public static final int SIGNATURE_BAD_BASE64 = 22;
    public static final int UNKNOWN_ISSUER = 23;
    public static final int AUDIENCE_NOT_ALLOWED = 24;
    public static final int VERIFICATION_FAIL = 25;
    public static final int KID_ALG_MISMATCH = 26;
    public static final int NO_VALID_KEYS = 27;

    private static final String[] TEXT = {
        "OK",
        "Jwt is missing",
        "Jwt not yet valid",
        "Jwt is expired",
        "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections",
        "Jwt header is an invalid Base64url encoded",
        "Jwt header is an invalid JSON",
        "Jwt header [alg] field is required and must be a string",
        "Jwt header [alg] is not supported",
        "Jwt header [kid] field is not a string",
        "Jwt payload is an invalid Base64url encoded",
        "Jwt payload is an invalid JSON",
        "Jwt payload [iss] field is not a string",
        "Jwt payload [sub] field is not a string",
        "Jwt payload [iat] field is not an integer",
        "Jwt payload [iat] field is not a positive 64 bit integer",
        "Jwt payload [nbf] field is not an integer",
        "Jwt payload [nbf] field is not a positive 64 bit integer",
        "Jwt payload [exp] field is not an integer",
        "Jwt payload [exp] field is not a positive 64 bit integer",
        "Jwt payload [jti] field is not a string",
        "Jwt payload [aud] field is not a string or string list",
        "Jwt signature is an invalid Base64url encoded",
        "Jwt issuer is not configured",
        "Audiences in Jwt are not allowed",
        "Jwt verification fails",
        "Jwks doesn't have key to match kid or alg from Jwt",
        "Jwks doesn't have any valid public key",
    };

    /** Number of codes. */
    public static final int COUNT = TEXT.length;

    private JwtStatus()
    {
    }

    /**
     * @param status a code.
     * @return Envoy's text for it: the body of its local reply.
     */
    public static String text(final int status)
    {
        return TEXT[status];
    }

    /**
     * @param status a failing code.
     * @return the local reply's status: 403 for an audience Envoy does not allow, else 401 (Envoy's
     *         {@code Filter::onComplete}).
     */
    public static int httpStatus(final int status)
    {
        return status == AUDIENCE_NOT_ALLOWED ? 403 : 401;
    }

    /**
     * @param status a failing code.
     * @return Envoy's response code details: {@code jwt_authn_access_denied{TEXT}} with spaces as {@code _}.
     */
    public static String details(final int status)
    {
        return "jwt_authn_access_denied{" + text(status).replace(' ', '_') + "}";
    }
}
